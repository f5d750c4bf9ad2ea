//! What `polc check` settles before it checks a file: the inputs, the
//! `-p` values, the `--within` baseline, the configuration loader.

use polc_catalog::checks::Baseline;

use super::{Args, InputFormat, inputs};
use crate::config::Loader;

/// What the run needs before it checks a file.
pub(super) struct Setup {
    pub(super) files: Vec<String>,
    pub(super) params: polc_dsl::Params,
    pub(super) baseline: Option<Baseline>,
    pub(super) loader: Loader,
    /// The only `.pol` input is standard input: its compile says itself
    /// which `-p` it does not declare (it cannot be read twice).
    pub(super) stdin_only_pol: bool,
}

pub(super) fn setup(args: &Args) -> Result<Setup, String> {
    let stdin = |name: &str| crate::input::names_stdin(name);
    if args.within.as_deref().is_some_and(stdin) && args.files.iter().any(|f| stdin(f)) {
        return Err(
            "standard input (`-`, or a path to it such as `/dev/stdin`) can be read only once: give a file for `--within` or for the policy"
                .into(),
        );
    }
    crate::input::stdin_once(&args.files)?;
    let mut files = polc_dsl::files::files_with(&args.files, &["json", "pol"])?;
    // A baseline kept beside the policies is not one of them.
    let own: Vec<std::path::PathBuf> = [&args.accept.baseline, &args.write_baseline]
        .into_iter()
        .flatten()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    if !own.is_empty() {
        // Named as an input, it is a mistake (a glob that caught a policy
        // would be overwritten): said. Found in a directory, skipped.
        for given in &args.files {
            let path = std::path::Path::new(given);
            if !path.is_dir() && std::fs::canonicalize(path).is_ok_and(|c| own.contains(&c)) {
                return Err(format!(
                    "`{given}` is both an input and the baseline: name another file for `--baseline`/`--write-baseline`"
                ));
            }
        }
        files.retain(|f| std::fs::canonicalize(f).map_or(true, |c| !own.contains(&c)));
    }
    for (flag, path) in [
        ("--baseline", &args.accept.baseline),
        ("--write-baseline", &args.write_baseline),
    ] {
        if path.as_deref() == Some(std::path::Path::new("-")) {
            return Err(format!("`{flag}` takes a file, not standard input"));
        }
    }
    // Malformed `-p` arguments stop the command (they were dropped).
    let params = polc_dsl::parse_params(&args.params)?;
    // Each `-p` is declared by one of the `.pol` files (each takes those
    // it declares); one that none declares is a mistake, said.
    let mut pols: Vec<String> = files
        .iter()
        .filter(|f| match args.input_format {
            Some(InputFormat::Pol) => true,
            Some(InputFormat::Json) => false,
            None => f.ends_with(".pol"),
        })
        .cloned()
        .collect();
    pols.extend(args.within.iter().filter(|w| w.ends_with(".pol")).cloned());
    let stdin_pol = pols.iter().any(|p| p == "-");
    pols.retain(|p| p != "-");
    let stdin_only_pol = stdin_pol && pols.is_empty();
    // Which `-p` standard input declares cannot be known before it is
    // read, and it is read once: beside other `.pol` inputs, a `-p` meant
    // for none of them would go unnoticed.
    if stdin_pol && !stdin_only_pol && !params.is_empty() {
        return Err(
            "with `-p`, standard input cannot be one of several `.pol` inputs: give it as a file"
                .into(),
        );
    }
    if let Some(name) = params.keys().next()
        && pols.is_empty()
        && !stdin_pol
    {
        // A baseline read as `.pol` without the name saying so (standard
        // input, a file without extension) is known to be one only once
        // read, after this.
        let unnamed_baseline = args
            .within
            .as_deref()
            .is_some_and(|w| !w.ends_with(".json"));
        return Err(if unnamed_baseline {
            format!(
                "`-p {name}=...` is for `.pol` inputs, and a `--within` baseline takes it only from a file named `.pol`: give the baseline as such a file"
            )
        } else {
            format!("`-p {name}=...` is for `.pol` inputs, and none is given")
        });
    }
    if !stdin_pol && let Some(name) = polc_dsl::files::undeclared_params(&pols, &params) {
        return Err(format!(
            "`-p {name}=...` names no parameter of the `.pol` files"
        ));
    }
    let baseline = args
        .within
        .as_deref()
        .map(|b| inputs::baseline(b, &params))
        .transpose()?;
    let loader = Loader::new(&args.accept)?;
    Ok(Setup {
        files,
        params,
        baseline,
        loader,
        stdin_only_pol,
    })
}
