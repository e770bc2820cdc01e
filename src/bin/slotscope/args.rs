//! Argument helpers every subcommand shares.

/// The value of `flag`, as UTF-8.
pub fn value(parser: &mut lexopt::Parser, flag: &str) -> Result<String, String> {
    parser
        .value()
        .map_err(|_| format!("{flag} needs a value"))?
        .into_string()
        .map_err(|_| format!("{flag}: the value is not valid UTF-8"))
}

/// An argument as the user typed it, for error messages.
pub fn describe(arg: &lexopt::Arg) -> String {
    match arg {
        lexopt::Arg::Short(c) => format!("-{c}"),
        lexopt::Arg::Long(l) => format!("--{l}"),
        lexopt::Arg::Value(v) => format!("{v:?}"),
    }
}
