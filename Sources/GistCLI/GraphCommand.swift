import ArgumentParser
import Foundation
import Gist
import GistIO

struct GraphCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a guideline's pathway as a flowchart (Graphviz DOT, SVG or PNG).",
        discussion: """
        Decisions are diamonds with their condition (yes/no edges), 'first' blocks chains of \
        diamonds in a dashed frame, recommendations leaves coloured by strength. With --case, \
        the path that case takes is drawn bold (dashed where the case leaves a condition \
        unknown). SVG and PNG are rendered by Graphviz's 'dot' (Debian/Ubuntu: apt-get install \
        graphviz); set GIST_DOT to use another 'dot' executable.
        Exit status: 0 done; 1 the guideline has errors; 2 usage errors, unreadable files, a \
        case file without exactly one valid record, or 'dot' missing or failing.
        """
    )

    @Argument(help: "The guideline (.gist).")
    var guideline: String

    @Option(name: .shortAndLong, help: "Output format: dot, svg or png.")
    var format: GraphFormat = .dot

    @Option(name: .long, help: "A case record file (JSON, JSON Lines, YAML or CSV) with one record: highlight its path.")
    var `case`: String?

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    @OptionGroup var evaluationDate: EvaluationDateOption

    enum GraphFormat: String, ExpressibleByArgument, CaseIterable { case dot, svg, png }

    func execute(_ console: Console) -> ExitStatus {
        var program: Program
        switch Loading.program(guideline, console: console) {
        case .success(let p): program = p
        case .failure(let status): return status
        }

        var highlight: PathwayGraph.Highlight?
        if let casePath = self.case {
            guard let day = evaluationDate.day(console) else { return .usage }
            program = program.evaluated(asOf: day)
            switch readCase(casePath, program: program, console) {
            case .success(let h): highlight = h
            case .failure(let status): return status
            }
        }
        let dotText = PathwayGraph.dot(program, highlight: highlight)

        let bytes: [UInt8]
        switch format {
        case .dot:
            bytes = Array(dotText.utf8)
        case .svg, .png:
            guard let dot = GraphCommand.findDot() else {
                console.error("""
                gist: rendering \(format.rawValue) needs Graphviz's 'dot', which is not installed.
                Install it (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz), \
                or write DOT with --format dot and render it elsewhere.
                """)
                return .usage
            }
            switch GraphCommand.render(dotText, with: dot, format: format.rawValue) {
            case .success(let out): bytes = out
            case .failure(let message):
                console.error("gist: \(dot) failed: \(message)")
                return .usage
            }
        }

        if let output {
            do {
                try AtomicWrite.write(bytes, to: console.resolve(output), inputs: [console.resolve(guideline)])
            } catch {
                console.error("gist: \(error)")
                return .usage
            }
        } else if format == .png {
            if isatty(1) == 1 {
                console.error("gist: not writing PNG to a terminal; use --output FILE or redirect standard output")
                return .usage
            }
            console.write(bytes: bytes)
        } else {
            console.write(String(decoding: bytes, as: UTF8.self))
        }
        return .success
    }

    /// The one record of a case file, bound to the guideline's inputs.
    func readCase(_ path: String, program: Program, _ console: Console) -> Result<PathwayGraph.Highlight, ExitStatus> {
        let results: [Result<RawRecord, RecordError>]
        do {
            results = try RecordReader.read(path: console.resolve(path), displayPath: path)
        } catch {
            console.error("gist: \(path): \(error.message)")
            return .failure(.usage)
        }
        guard results.count == 1, let only = results.first else {
            console.error("gist: \(path) has \(results.count) records; --case takes a file with exactly one")
            return .failure(.usage)
        }
        switch only {
        case .failure(let e):
            console.error("\(e)")
            return .failure(.usage)
        case .success(let record):
            switch CaseBinder(program: program).bind(record) {
            case .failure(let errs):
                for e in errs.errors { console.error("\(e)") }
                return .failure(.usage)
            case .success(let c):
                return .success(PathwayGraph.Highlight(name: c.id, inputs: c.inputs))
            }
        }
    }

    /// `dot` from GIST_DOT, else from the PATH.
    static func findDot() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["GIST_DOT"], !explicit.isEmpty {
            return FileManager.default.isExecutableFile(atPath: explicit) ? explicit : nil
        }
        for dir in (env["PATH"] ?? "").split(separator: ":") {
            let candidate = (String(dir) as NSString).appendingPathComponent("dot")
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `dot -T<format>` on the DOT text.
    static func render(_ dotText: String, with dot: String, format: String) -> Result<[UInt8], RenderFailure> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot)
        process.arguments = ["-T\(format)"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            return .failure(RenderFailure(message: error.localizedDescription))
        }
        // Write on another thread so a large output cannot block the input.
        let data = Data(dotText.utf8)
        let handle = input.fileHandleForWriting
        let writer = Thread {
            handle.write(data)
            try? handle.close()
        }
        writer.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(RenderFailure(message: text.isEmpty ? "exit status \(process.terminationStatus)" : text))
        }
        return .success([UInt8](out))
    }

    struct RenderFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
