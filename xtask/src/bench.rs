//! `cargo xtask bench`: times `agentspec lint` against its peers on one generated corpus, side by
//! side in one run, alternating tools and reporting medians and ratios.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::corpus;

/// Options of the benchmark.
pub struct BenchOptions {
    /// Files in the corpus.
    pub files: usize,
    /// Timed runs per tool and corpus.
    pub runs: usize,
    /// Install the peers (ajv-cli, Spectral from npm; check-jsonschema from PyPI;
    /// jsonschema-cli with `cargo install`) first.
    pub install_peers: bool,
    /// Where the Markdown table goes.
    pub out: PathBuf,
}

/// Builds a tool's command for a corpus directory and its file list.
type CommandFor = Box<dyn Fn(&Path, &[PathBuf]) -> Command>;

struct Tool {
    name: &'static str,
    /// Builds the command for a corpus directory and its file list.
    command: CommandFor,
    /// Reads JSON only: timed on the JSON half of the corpus, not on the mixed corpora.
    json_only: bool,
}

/// The corpus of JSON files only, on which `jsonschema-cli` (which reads no YAML) is timed.
const JSON_HALF: &str = "clean, JSON half";

struct Measure {
    tool: &'static str,
    corpus: &'static str,
    times: Vec<Duration>,
    exit: Option<i32>,
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

fn run(mut command: Command) -> (Duration, Option<i32>) {
    command.stdout(Stdio::null()).stderr(Stdio::null());
    let start = Instant::now();
    let status = command.status();
    (start.elapsed(), status.ok().and_then(|s| s.code()))
}

fn sh(program: &str, args: &[&str], dir: &Path) -> Result<(), String> {
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("{program}: {e}"))?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("{program} {} failed", args.join(" ")))
}

fn install_peers(peers: &Path) -> Result<(), String> {
    std::fs::create_dir_all(peers).map_err(|e| e.to_string())?;
    eprintln!(
        "installing ajv-cli and @stoplight/spectral-cli from npm into {}",
        peers.display()
    );
    sh(
        "npm",
        &[
            "install",
            "--silent",
            "--prefix",
            "npm",
            "ajv-cli@5",
            "@stoplight/spectral-cli@6",
        ],
        peers,
    )?;
    eprintln!(
        "installing check-jsonschema from PyPI into {}",
        peers.join("venv").display()
    );
    sh("python3", &["-m", "venv", "venv"], peers)?;
    sh(
        "venv/bin/pip",
        &["install", "--quiet", "check-jsonschema"],
        peers,
    )?;
    // The command line of the `jsonschema` crate agentspec validates with (its newest
    // release: the report names its version).
    eprintln!(
        "installing jsonschema-cli with cargo into {}",
        peers.join("cargo").display()
    );
    sh(
        "cargo",
        &[
            "install",
            "--quiet",
            "--locked",
            "jsonschema-cli",
            "--root",
            "cargo",
        ],
        peers,
    )
}

/// Peak resident memory of `agentspec lint DIR`, in KiB, measured by `xtask peak-rss`.
fn peak_of(agentspec: &Path, dir: &Path) -> Option<u64> {
    let xtask = std::env::current_exe().ok()?;
    let output = Command::new(xtask)
        .arg("peak-rss")
        .arg(agentspec)
        .arg("lint")
        .arg(dir)
        .output()
        .ok()?;
    String::from_utf8_lossy(&output.stdout).trim().parse().ok()
}

/// `xtask peak-rss PROGRAM ARGS…`: runs one command and prints its peak resident memory in KiB.
pub fn peak_rss(args: &[String]) -> Result<(), String> {
    let (program, rest) = args.split_first().ok_or("peak-rss needs a command")?;
    Command::new(program)
        .args(rest)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("{program}: {e}"))?;
    println!("{}", children_peak_kib().ok_or("getrusage failed")?);
    Ok(())
}

/// Peak resident memory of the finished children of this process, in KiB (Linux).
fn children_peak_kib() -> Option<u64> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage writes a complete rusage into the pointer on success.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) } == 0;
    // SAFETY: initialised by the successful call above.
    ok.then(|| unsafe { usage.assume_init() }.ru_maxrss as u64)
}

/// Runs the benchmark and writes its table.
pub fn bench(root: &Path, target: &Path, options: &BenchOptions) -> Result<(), String> {
    let work = target.join("bench");
    let clean = work.join("corpus");
    let broken = work.join("corpus-broken");
    corpus::write(&clean, options.files, 0, 7).map_err(|e| e.to_string())?;
    corpus::write(&broken, options.files, 10, 7).map_err(|e| e.to_string())?;
    let json_half = work.join("corpus-json");
    if json_half.exists() {
        std::fs::remove_dir_all(&json_half).map_err(|e| e.to_string())?;
    }
    std::fs::create_dir_all(&json_half).map_err(|e| e.to_string())?;
    for file in list(&clean)? {
        if file.extension().is_some_and(|e| e == "json") {
            let name = file.file_name().unwrap_or_default();
            std::fs::copy(&file, json_half.join(name)).map_err(|e| e.to_string())?;
        }
    }
    let bytes: u64 = std::fs::read_dir(&clean)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    let average_kb = bytes as f64 / options.files.max(1) as f64 / 1024.0;
    eprintln!(
        "corpus: {} files, {average_kb:.1} KB on average",
        options.files
    );

    eprintln!("building the release binary");
    sh(
        "cargo",
        &["build", "--quiet", "--release", "-p", "agentspec-cli"],
        root,
    )?;
    let agentspec = target.join("release/agentspec");

    let peers = work.join("peers");
    if options.install_peers {
        install_peers(&peers)?;
    }
    let schema = root.join("specs/schema/session.schema.json");
    let schema_text = std::fs::read_to_string(&schema).map_err(|e| e.to_string())?;
    let ruleset = work.join("spectral-ruleset.json");
    let ruleset_value = serde_json::json!({
        "rules": {"session-schema": {
            "given": "$", "severity": "error",
            "then": {"function": "schema", "functionOptions": {"schema": serde_json::from_str::<serde_json::Value>(&schema_text).map_err(|e| e.to_string())?}}
        }}
    });
    std::fs::write(&ruleset, ruleset_value.to_string()).map_err(|e| e.to_string())?;

    let mut tools: Vec<Tool> = Vec::new();
    let bin = agentspec.clone();
    tools.push(Tool {
        name: "agentspec lint",
        command: Box::new(move |dir, _| {
            let mut c = Command::new(&bin);
            c.args(["lint", "--format", "concise"]).arg(dir);
            c
        }),
        json_only: false,
    });
    // The same run computing and printing infos too (planning every answer_format's types for
    // `untyped-keyword`), which the concise report above neither shows nor counts.
    let bin = agentspec.clone();
    tools.push(Tool {
        name: "agentspec lint --show-infos",
        command: Box::new(move |dir, _| {
            let mut c = Command::new(&bin);
            c.args(["lint", "--show-infos", "--format", "concise"])
                .arg(dir);
            c
        }),
        json_only: true,
    });
    let jsonschema_cli = peers.join("cargo/bin/jsonschema-cli");
    if jsonschema_cli.exists() {
        let schema = schema.clone();
        let version = Command::new(&jsonschema_cli)
            .arg("--version")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        // A name that says the version: leaked once, for the life of this short process.
        let name: &'static str = Box::leak(
            version
                .strip_prefix("jsonschema-cli ")
                .map_or_else(
                    || "jsonschema-cli".to_string(),
                    |v| format!("jsonschema-cli {v}"),
                )
                .into_boxed_str(),
        );
        tools.push(Tool {
            name,
            command: Box::new(move |_, files| {
                let mut c = Command::new(&jsonschema_cli);
                c.arg(&schema);
                for file in files {
                    c.arg("-i").arg(file);
                }
                c
            }),
            json_only: true,
        });
    }
    let ajv = peers.join("npm/node_modules/.bin/ajv");
    if ajv.exists() {
        let schema = schema.clone();
        tools.push(Tool {
            name: "ajv-cli 5",
            command: Box::new(move |dir, _| {
                let mut c = Command::new(&ajv);
                c.args([
                    "validate",
                    "--spec=draft2020",
                    "--strict=false",
                    "--errors=line",
                    "-s",
                ])
                .arg(&schema);
                c.arg("-d")
                    .arg(format!("{}/*.{{json,yaml}}", dir.display()));
                c
            }),
            json_only: false,
        });
    }
    let check = peers.join("venv/bin/check-jsonschema");
    if check.exists() {
        let schema = schema.clone();
        tools.push(Tool {
            name: "check-jsonschema",
            command: Box::new(move |_, files| {
                let mut c = Command::new(&check);
                c.arg("--schemafile").arg(&schema).args(files);
                c
            }),
            json_only: false,
        });
    }
    let spectral = peers.join("npm/node_modules/.bin/spectral");
    if spectral.exists() {
        let ruleset = ruleset.clone();
        tools.push(Tool {
            name: "Spectral 6",
            command: Box::new(move |dir, _| {
                let mut c = Command::new(&spectral);
                c.args(["lint", "--quiet", "--ruleset"]).arg(&ruleset);
                c.arg(format!("{}/*.{{json,yaml}}", dir.display()));
                c
            }),
            json_only: false,
        });
    }
    if tools.len() == 1 {
        eprintln!("no peer installed: run `cargo xtask bench --install-peers` to compare");
    }

    let files_clean = list(&clean)?;
    let files_broken = list(&broken)?;
    let files_json = list(&json_half)?;
    // Peak memory of agentspec alone: measured in a fresh xtask process whose only child it is.
    let peak_kib = peak_of(&agentspec, &clean);

    // One small file, whole process.
    let small = root.join("specs/sushi.session.json");
    let mut small_times = Vec::new();
    for _ in 0..30 {
        let mut c = Command::new(&agentspec);
        c.arg("lint").arg(&small);
        small_times.push(run(c).0);
    }

    let mut measures: Vec<Measure> = Vec::new();
    for (corpus_name, dir, files) in [
        ("clean", &clean, &files_clean),
        ("10% broken", &broken, &files_broken),
        (JSON_HALF, &json_half, &files_json),
    ] {
        let json = corpus_name == JSON_HALF;
        let tools: Vec<&Tool> = tools
            .iter()
            .filter(|t| t.json_only == json || t.name == "agentspec lint")
            .collect();
        let start = measures.len();
        for tool in &tools {
            measures.push(Measure {
                tool: tool.name,
                corpus: corpus_name,
                times: Vec::new(),
                exit: None,
            });
        }
        for round in 0..options.runs {
            // Alternate the order from round to round so no tool always runs on a warm cache.
            let order: Vec<usize> = if round % 2 == 0 {
                (0..tools.len()).collect()
            } else {
                (0..tools.len()).rev().collect()
            };
            for i in order {
                let (time, exit) = run((tools[i].command)(dir, files));
                let measure = &mut measures[start + i];
                measure.times.push(time);
                measure.exit = exit;
            }
            eprintln!(
                "{corpus_name}: round {} of {} done",
                round + 1,
                options.runs
            );
        }
    }

    let generation = bench_gen(root, &agentspec, &work, options.runs)?;
    let unresolved = bench_unresolved(&agentspec, &work, options.runs)?;
    let output_cost = bench_output(root)?;
    let mut table = report(&measures, options, peak_kib, median(&small_times));
    table.push_str(&generation);
    table.push_str(&unresolved);
    table.push_str(&output_cost);
    print!("{table}");
    if let Some(parent) = options.out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::write(&options.out, &table).map_err(|e| e.to_string())?;
    eprintln!("wrote {}", options.out.display());
    Ok(())
}

fn list(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| Some(e.ok()?.path()))
        .collect();
    files.sort();
    Ok(files)
}

fn report(
    measures: &[Measure],
    options: &BenchOptions,
    peak_kib: Option<u64>,
    small: Duration,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# agentspec lint vs peers\n");
    let _ = writeln!(
        out,
        "Generated by `cargo xtask bench` ({} files, half YAML and half JSON, about 4 KB each, inline agents and \
         answer_format schemas; {} alternating runs per tool, medians). Peers validate the same files against \
         `specs/schema/session.schema.json`; agentspec runs all of its rules (`--format concise`: the rules at \
         `info` severity, whose findings that report neither shows nor counts, are left unrun; the \
         `--show-infos` row runs and prints them too). Ratios are peer time / agentspec time in the same run. jsonschema-cli (the command line of the `jsonschema` crate agentspec validates with) reads \
         JSON only, so it is timed beside agentspec on the JSON half of the clean corpus.\n",
        options.files, options.runs
    );
    let _ = writeln!(out, "| corpus | tool | median | vs agentspec | exit code |");
    let _ = writeln!(out, "| --- | --- | ---: | ---: | ---: |");
    for measure in measures {
        let base = measures
            .iter()
            .find(|m| m.corpus == measure.corpus && m.tool == "agentspec lint")
            .map(|m| median(&m.times))
            .unwrap_or_default();
        let time = median(&measure.times);
        let ratio = time.as_secs_f64() / base.as_secs_f64().max(1e-9);
        let exit = measure.exit.map_or("-".to_string(), |c| c.to_string());
        let _ = writeln!(
            out,
            "| {} | {} | {:.3} s | {:.2}x | {} |",
            measure.corpus,
            measure.tool,
            time.as_secs_f64(),
            ratio,
            exit
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "- One small file (`specs/sushi.session.json`), whole process: {:.1} ms (median of 30).",
        small.as_secs_f64() * 1000.0
    );
    if let Some(kib) = peak_kib {
        let _ = writeln!(
            out,
            "- Peak resident memory of `agentspec lint` on the clean corpus: {:.1} MB.",
            kib as f64 / 1024.0
        );
    }
    out
}

/// Runs the `output_*` stage benchmarks (`cargo bench -p agentspec --bench stages`): linting
/// 1,000 files with 3,000 findings, and rendering those findings in each format; reports what
/// each format adds to the run.
fn bench_output(root: &Path) -> Result<String, String> {
    eprintln!("running the output stage benchmarks");
    let output = Command::new("cargo")
        .args([
            "bench",
            "--quiet",
            "-p",
            "agentspec",
            "--bench",
            "stages",
            "--",
            "output_",
        ])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cargo bench: {e}"))?;
    if !output.status.success() {
        return Err("cargo bench -p agentspec --bench stages failed".into());
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let medians = divan_medians(&text);
    let lint = medians
        .iter()
        .find(|(name, _)| name == "output_lint_3000_findings")
        .map(|(_, t)| *t)
        .ok_or("no output_lint_3000_findings in the stage benchmark's output")?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n## Output cost\n\nFrom `cargo bench -p agentspec --bench stages -- output_` (medians): linting 1,000 \
         session files with 3,000 findings takes {:.1} ms in one thread; rendering those findings adds, per format:\n",
        lint * 1000.0
    );
    let _ = writeln!(out, "| format | render | share of lint |");
    let _ = writeln!(out, "| --- | ---: | ---: |");
    for (name, time) in &medians {
        if ["human", "concise", "json", "sarif", "github", "junit"].contains(&name.as_str()) {
            let _ = writeln!(
                out,
                "| {name} | {:.2} ms | {:.1}% |",
                time * 1000.0,
                time / lint * 100.0
            );
        }
    }
    Ok(out)
}

/// `(name, median seconds)` of each row of divan's table.
fn divan_medians(text: &str) -> Vec<(String, f64)> {
    let mut rows = Vec::new();
    for line in text.lines() {
        let columns: Vec<&str> = line.split('│').collect();
        if columns.len() < 4 {
            continue;
        }
        let head = columns[0].trim_start_matches(|c: char| !c.is_alphanumeric() && c != '_');
        let Some(name) = head.split_whitespace().next() else {
            continue;
        };
        let mut median = columns[2].split_whitespace();
        let (Some(value), Some(unit)) = (median.next(), median.next()) else {
            continue;
        };
        let Ok(value) = value.parse::<f64>() else {
            continue;
        };
        let scale = match unit {
            "ns" => 1e-9,
            "µs" | "us" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            _ => continue,
        };
        rows.push((name.to_string(), value * scale));
    }
    rows
}

/// Times `agentspec lint` on 3,000 agent files that each name 5 subagents no file defines, each
/// close to a defined name (`acme/agent-7-v2`: 15,000 `unresolved-agent` findings, each with a
/// suggestion found among 3,000 names), with the rule and without it.
fn bench_unresolved(agentspec: &Path, work: &Path, runs: usize) -> Result<String, String> {
    let corpus = work.join("corpus-unresolved");
    if corpus.exists() {
        std::fs::remove_dir_all(&corpus).map_err(|e| e.to_string())?;
    }
    std::fs::create_dir_all(&corpus).map_err(|e| e.to_string())?;
    for i in 0..3000 {
        let subagents: String = (0..5)
            .map(|k| format!("  - acme/agent-{}-v2\n", (i + k + 1) % 3000))
            .collect();
        let text =
            format!("name: acme/agent-{i}\ndescription: Agent number {i}\nsubagents:\n{subagents}");
        std::fs::write(corpus.join(format!("agent-{i:04}.agent.yaml")), text)
            .map_err(|e| e.to_string())?;
    }
    let mut medians = Vec::new();
    for ignore in [false, true] {
        let mut times = Vec::new();
        for _ in 0..runs.max(1) {
            let mut c = Command::new(agentspec);
            c.args(["lint", "--format", "concise"]);
            if ignore {
                c.args(["--ignore", "unresolved-agent"]);
            }
            c.arg(&corpus);
            times.push(run(c).0);
        }
        medians.push(median(&times).as_secs_f64());
    }
    Ok(format!(
        "- `agentspec lint` on 3,000 agent files naming 5 undefined subagents each, close to \
         defined names (15,000 `unresolved-agent` findings with suggestions): {:.3} s; with `--ignore unresolved-agent`: {:.3} s \
         (medians of {}).\n",
        medians[0],
        medians[1],
        runs.max(1)
    ))
}

/// Times `agentspec gen` on `specs/` and on a 200-schema corpus, and checks that a `build.rs`
/// consumer's rebuild with no spec changed does not run its build script again.
fn bench_gen(root: &Path, agentspec: &Path, work: &Path, runs: usize) -> Result<String, String> {
    let corpus = work.join("corpus-gen");
    corpus::write(&corpus, 200, 0, 11).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for (label, dir) in [
        ("`agentspec gen specs`", root.join("specs")),
        ("`agentspec gen` on 200 answer_format schemas", corpus),
    ] {
        let mut times = Vec::new();
        let mut exit = None;
        for _ in 0..runs.max(1) {
            let mut c = Command::new(agentspec);
            c.arg("gen").arg(&dir).arg("-q");
            let (time, code) = run(c);
            times.push(time);
            exit = code;
        }
        let exit = exit.map_or("-".into(), |c| c.to_string());
        let _ = writeln!(
            out,
            "- {label}: {:.3} s (median of {}, exit code {exit}).",
            median(&times).as_secs_f64(),
            runs.max(1)
        );
    }
    let build = |verbose: bool| {
        let mut c = Command::new("cargo");
        c.args(["build", "--quiet", "-p", "agentspec-example-consumer"])
            .current_dir(root);
        if verbose {
            c.arg("-v");
        }
        c.output().map_err(|e| e.to_string())
    };
    build(false)?;
    let second = build(true)?;
    let log = String::from_utf8_lossy(&second.stderr);
    let reran = log.lines().any(|l| {
        l.contains("Running")
            && l.contains("agentspec-example-consumer")
            && l.contains("build-script")
    });
    let verdict = if reran {
        "ran its build script again (regenerated)"
    } else {
        "did not run its build script (no regeneration)"
    };
    let _ = writeln!(
        out,
        "- `examples/consumer` rebuilt with no spec changed: {verdict}."
    );
    Ok(out)
}
