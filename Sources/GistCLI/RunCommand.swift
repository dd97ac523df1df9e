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
        Exit status: 0 all records evaluated; 1 the guideline has errors or some records were \
        rejected; 2 usage errors and files that cannot be read.
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

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json, jsonl, csv }

    func execute(_ console: Console) -> ExitStatus {
        let program: Program
        do {
            let (p, diags, _) = try Loading.guideline(guideline, console: console)
            guard let p else {
                for d in diags where d.severity == .error { console.error(d.rendered()) }
                console.error("gist: \(guideline) has errors; run 'gist check \(guideline)'")
                return .failures
            }
            program = p
        } catch {
            console.error("gist: \(error)")
            return .usage
        }

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
        let whyNotAnalysis = whyNotCode.map { _ in WhyNot(program: program) }
        var whyNotAnswers: [String: WhyNot.Answer] = [:]
        let binder = CaseBinder(program: program)
        let evaluator = Evaluator(program: program)
        var reports: [CaseReport] = []
        var rejected = 0
        var unreadable = false
        for path in files {
            let display = relative(path, console)
            let results: [Result<RawRecord, RecordError>]
            do {
                results = try RecordReader.read(path: path, displayPath: display)
            } catch {
                console.error("gist: \(display): \(error.message)")
                unreadable = true
                continue
            }
            for result in results {
                switch result {
                case .failure(let e):
                    console.error("\(e)")
                    rejected += 1
                case .success(let record):
                    switch binder.bind(record) {
                    case .failure(let errs):
                        for e in errs.errors { console.error("\(e)") }
                        rejected += 1
                    case .success(let c):
                        let report = evaluator.report(id: c.id, location: c.location, inputs: c.inputs, explain: explain)
                        reports.append(report)
                        if let code = whyNotCode, let w = whyNotAnalysis, !report.recommendedCodes.contains(program.recommendations[code].code) {
                            whyNotAnswers[c.id] = w.answer(inputs: c.inputs, code: code)
                        }
                    }
                }
            }
        }

        let text: String
        switch format {
        case .text: text = TextReport.render(reports, program: program, console: output == nil ? console : nil,
                                             whyNot: whyNotAnswers.mapValues(WhyNotReport.text))
        case .json: text = ReportWriter.document(reports, format: .json, extra: whyNotAnswers.mapValues { ("whyNot", WhyNotReport.json($0)) })
        case .jsonl: text = ReportWriter.document(reports, format: .jsonl, extra: whyNotAnswers.mapValues { ("whyNot", WhyNotReport.json($0)) })
        case .csv: text = ReportWriter.document(reports, format: .csv)
        }
        if let output {
            do { try AtomicWrite.write(text, to: console.resolve(output)) } catch {
                console.error("gist: \(error)")
                return .usage
            }
        } else {
            console.write(text)
        }
        console.error("\(reports.count) case\(reports.count == 1 ? "" : "s") evaluated, \(rejected) record\(rejected == 1 ? "" : "s") rejected")
        if unreadable { return .usage }
        return rejected > 0 ? .failures : .success
    }

    func relative(_ path: String, _ console: Console) -> String {
        let dir = console.directory.hasSuffix("/") ? console.directory : console.directory + "/"
        return path.hasPrefix(dir) ? String(path.dropFirst(dir.count)) : path
    }
}
