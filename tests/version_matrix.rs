//! The version matrix, computed by the engine for every recorded release and client,
//! against what real redis-py did (`data/version-matrix.json`, conformance/matrix.sh):
//! every cell equal.

use slotscope::app::matrix::{matrix, predicted};
use slotscope::engine::{Announce, Model, Topology};

#[test]
fn the_engine_computes_every_cell_of_the_recorded_version_matrix() {
    let rows = matrix();
    assert!(rows.len() >= 40, "the matrix has only {} rows", rows.len());
    let localhost = Topology::new(3, 1, 2, Announce::parse("localhost").unwrap()).cluster_slots().unwrap();
    let ip = Topology::new(3, 1, 2, Announce::parse("ip").unwrap()).cluster_slots().unwrap();
    let mut wrong = Vec::new();
    for row in &rows {
        let model = match Model::from_name(&format!("{}-{}", row.client, row.version)) {
            Ok(m) => m,
            Err(e) => {
                wrong.push(e);
                continue;
            }
        };
        for (announce, reply, recorded) in [("localhost", &localhost, &row.localhost), ("ip", &ip, &row.ip_control)] {
            let got = predicted(model, reply);
            if &got != recorded {
                wrong.push(format!("{model} announcing {announce}:\n    redis-py {recorded:?}\n    engine   {got:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{} of {} cells differ:\n{}", wrong.len(), 2 * rows.len(), wrong.join("\n"));
}
