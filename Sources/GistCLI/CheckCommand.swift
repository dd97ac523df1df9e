import ArgumentParser
import Gist
import GistIO
import GistREPL

struct CheckCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check guidelines: syntax, types and units, table gaps and overlaps, unreachable rules, conflicts.",
        discussion: """
        Every finding has a severity, a stable id, a location with a caret and, for the \
        input-space findings, a witness case you can paste into a script. Silence a finding on \
        one line with a comment: # gist:ignore ID: reason.
        Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 a file cannot be read.
        """
    )

    @Argument(help: "Guideline files (.gist).")
    var files: [String]

    @Option(help: "Output format: text or json.")
    var format: CheckFormat = .text

    @Option(help: "Stop the input-space analysis after this many decision-diagram nodes (a memory bound).")
    var maxNodes = 4_000_000

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    enum CheckFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func execute(_ console: Console) -> ExitStatus {
        var all: [Diagnostic] = []
        var unreadable = false
        for f in files {
            do {
                let text = try Loading.readText(f, console: console)
                all += GuidelineCheck.run(SourceFile(name: f, text: text), read: Loading.moduleReader(console), nodeLimit: maxNodes)
            } catch {
                console.error("gist: \(error)")
                unreadable = true
            }
        }
        let errors = all.filter { $0.severity == .error }.count
        let warnings = all.filter { $0.severity == .warning }.count
        switch format {
        case .text:
            let style = Style(color: console.color)
            for d in all { console.write(style.diagnostic(d)) }
            var summary = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") in \(files.count) file\(files.count == 1 ? "" : "s")"
            if strict, warnings > 0 { summary += " (with --strict, warnings count as errors)" }
            console.line(summary)
        case .json:
            console.line(DiagnosticJSON.document(all))
        }
        if unreadable { return .usage }
        return errors > 0 || (strict && warnings > 0) ? .failures : .success
    }

}

/// Diagnostics as JSON for tools: one object per diagnostic.
enum DiagnosticJSON {
    static func object(_ d: Diagnostic) -> String {
        var pairs: [(String, String)] = [
            ("severity", JSONText.string(d.severity.rawValue)),
            ("id", JSONText.string(d.id)),
            ("message", JSONText.string(d.message)),
        ]
        if let r = d.range {
            let start = r.file.location(of: r.span.start), end = r.file.location(of: r.span.end)
            pairs += [("file", JSONText.string(r.file.name)), ("line", "\(start.line)"), ("column", "\(start.column)"),
                      ("endLine", "\(end.line)"), ("endColumn", "\(end.column)")]
        }
        pairs.append(("notes", JSONText.array(d.notes.map { JSONText.string($0.text) })))
        return JSONText.object(pairs)
    }
    static func document(_ ds: [Diagnostic]) -> String {
        ds.isEmpty ? "[]" : "[\n" + ds.map { "  " + object($0) }.joined(separator: ",\n") + "\n]"
    }
}
