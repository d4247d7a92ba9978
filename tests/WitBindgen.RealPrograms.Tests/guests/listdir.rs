// A Rust 1.63 std program (wasm32-wasi, preview 1): prints its arguments, its environment (sorted) and the entries
// of the directory named by its first argument (sorted, with sizes for files), then reads one file.
use std::env;
use std::fs;
use std::io::{self, Write};
use std::process;

fn main() {
    let out = io::stdout();
    let mut out = out.lock();
    let args: Vec<String> = env::args().collect();
    writeln!(out, "args: {}", args.len()).unwrap();
    for (i, a) in args.iter().enumerate() {
        writeln!(out, "arg[{}]={}", i, a).unwrap();
    }
    let mut vars: Vec<(String, String)> = env::vars().collect();
    vars.sort();
    for (k, v) in &vars {
        writeln!(out, "env {}={}", k, v).unwrap();
    }
    let dir = match args.get(1) {
        Some(d) => d.clone(),
        None => {
            eprintln!("usage: listdir <dir>");
            process::exit(2);
        }
    };
    let entries = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("read_dir {}: {}", dir, e);
            process::exit(3);
        }
    };
    let mut names: Vec<(String, String)> = Vec::new();
    for entry in entries {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        let meta = entry.metadata().unwrap();
        let kind = if meta.is_dir() {
            "dir".to_string()
        } else {
            format!("file {} bytes", meta.len())
        };
        names.push((name, kind));
    }
    names.sort();
    writeln!(out, "{} entries in {}", names.len(), dir).unwrap();
    for (name, kind) in &names {
        writeln!(out, "  {} ({})", name, kind).unwrap();
    }
    let first = format!("{}/{}", dir, "a.txt");
    match fs::read_to_string(&first) {
        Ok(s) => writeln!(out, "a.txt: {:?}", s).unwrap(),
        Err(e) => writeln!(out, "a.txt: {}", e).unwrap(),
    }
    out.flush().unwrap();
}
