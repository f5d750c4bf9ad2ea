//! Build parameters given as `NAME=VALUE` (`polc build -p`, `polc check
//! -p`, `polc catalog template -p`): one reader, so every command takes
//! and refuses the same.

use crate::Params;

/// Reads `NAME=VALUE` arguments. The name is trimmed; the value is kept
/// as given (it may hold `=`).
///
/// # Errors
/// An argument without `=` or with an empty name, or a name given twice,
/// in words naming the argument.
///
/// ```
/// let params = polc_dsl::parse_params(["account=111122223333", "region=us-east-1"]).unwrap();
/// assert_eq!(params["account"], "111122223333");
/// assert!(polc_dsl::parse_params(["account"]).unwrap_err().contains("NAME=VALUE"));
/// assert!(polc_dsl::parse_params(["a=1", "a=2"]).unwrap_err().contains("twice"));
/// ```
pub fn parse_params<I, S>(args: I) -> Result<Params, String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut params = Params::new();
    for arg in args {
        let arg = arg.as_ref();
        let Some((name, value)) = arg
            .split_once('=')
            .filter(|(name, _)| !name.trim().is_empty())
        else {
            return Err(format!(
                "`-p {arg}` is not `NAME=VALUE`: give each parameter as `-p NAME=VALUE`"
            ));
        };
        let name = name.trim();
        if params.insert(name.to_owned(), value.to_owned()).is_some() {
            return Err(format!(
                "the parameter `{name}` is given twice: give it once"
            ));
        }
    }
    Ok(params)
}
