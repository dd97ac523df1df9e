import ArgumentParser
import Foundation
import Gist
import GistIO

struct RunCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Evaluate a guideline on case records and report the recommendations.",
        discussion: """
        Case files are JSON (an object or an array of objects), JSON Lines, YAML or CSV, chosen \
        by extension; folders are searched for such files. Invalid records are reported on \
        standard error and skipped; the others are still evaluated and written.
        JSON Lines and CSV files are read, evaluated and written record by record, so memory \
        stays flat whatever their size; with more than one job, chunks of records are evaluated \
        in parallel and written in input order. On a terminal, a run that takes more than a \
        second shows its progress on standard error.
        With -o, the file is replaced atomically when the run ends and keeps its permissions; \
        it may not be one of the run's inputs.
        Exit status: 0 all records evaluated; 1 the guideline has errors or some records were \
        rejected; 2 usage errors, files that cannot be read and output that cannot be written.
        """
    )

    @Argument(help: "The guideline (.gist).")
    var guideline: String

    @Argument(help: "Case files or folders.")
    var cases: [String]

    @Option(name: .shortAndLong, help: "Output format: text, json, jsonl or csv.")
    var format: OutputFormat = .text

    @Flag(help: "Show, for each recommendation, the chain of conditions that led to it.")
    var explain = false

    @Option(name: .customLong("why-not"), help: "For cases that did not get this code: the conditions that stopped it and the smallest input changes that would give it.")
    var whyNot: String?

    @Option(name: .shortAndLong, help: "Write the output to this file (atomically) instead of standard output.")
    var output: String?

    @OptionGroup var evaluationDate: EvaluationDateOption

    @Option(name: .shortAndLong, help: "Evaluate on this many threads (default and at most: the number of cores).")
    var jobs: Int?

    func execute(_ console: Console) -> ExitStatus {
        let program: Program
        switch Loading.program(guideline, console: console) {
        case .success(let p):
            guard let day = evaluationDate.day(console) else { return .usage }
            program = p.evaluated(asOf: day)
        case .failure(let status): return status
        }

        if let jobs, jobs < 1 {
            console.error("gist: --jobs must be at least 1")
            return .usage
        }
        // A thread per job: more jobs than cores only cost memory and time.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if let jobs, jobs > cores {
            console.error("gist: note: --jobs \(jobs) is more than the \(cores) cores here; using \(cores)")
        }
        let jobCount = min(jobs ?? cores, cores)

        let files: [String]
        do {
            files = try RecordReader.expand(paths: cases.map(console.resolve))
        } catch {
            console.error("gist: \(error.message.isEmpty ? "\(error)" : "\(relative(error.path, console)): \(error.message)")")
            return .usage
        }
        if files.isEmpty {
            console.error("gist: no case files (.json, .jsonl, .yaml, .yml, .csv) in \(cases.joined(separator: ", "))")
            return .usage
        }

        var whyNotCode: Int?
        if let code = whyNot {
            guard let c = program.recommendation(code: code) else {
                let hint = Suggest.closest(to: code, among: program.recommendations.map(\.code)).map { " (did you mean '\($0)'?)" } ?? ""
                console.error("gist: --why-not: unknown recommendation code '\(code)'\(hint)")
                return .usage
            }
            whyNotCode = c
        }

        var file: AtomicOutput?
        if let output {
            // Never over an input: the run would read what it is replacing.
            let inputs = [console.resolve(guideline)] + files
            do { file = try AtomicOutput(path: console.resolve(output), inputs: inputs) } catch {
                console.error("gist: \(error)")
                return .usage
            }
        }

        let run = BatchRun(program: program, options: .init(format: format, explain: explain, whyNotCode: whyNotCode, jobs: jobCount))
        let totals = run.run(files: files.map { ($0, relative($0, console)) }, to: file, console: console)
        if let file {
            do { try file.commit() } catch {
                console.error("gist: \(error)")
                return .usage
            }
        }
        let (evaluated, rejected) = (totals.evaluated, totals.rejected)
        console.error("\(evaluated) case\(evaluated == 1 ? "" : "s") evaluated, \(rejected) record\(rejected == 1 ? "" : "s") rejected")
        if totals.unreadable { return .usage }
        return rejected > 0 ? .failures : .success
    }

    func relative(_ path: String, _ console: Console) -> String {
        let dir = console.directory.hasSuffix("/") ? console.directory : console.directory + "/"
        return path.hasPrefix(dir) ? String(path.dropFirst(dir.count)) : path
    }
}

extension OutputFormat: ExpressibleByArgument {}
