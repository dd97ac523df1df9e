import Foundation
import Gist
import GistIO

/// One open document, parsed (and, for a guideline, checked) at the version the client sent.
struct Document: Sendable {
    let uri: String
    /// The file system path, so `use` and `cases` paths resolve as in `gist test`.
    let path: String
    let version: Int
    let file: SourceFile
    let unit: SourceUnit
    let tokens: [Token]
    /// Lexer, parser and (for a guideline) checker diagnostics: what typing shows at once.
    let languageDiagnostics: [Diagnostic]
    /// A guideline's program when it has no errors.
    let program: Program?

    /// The modules a guideline uses (`use "FILE"`), read through `read`.
    let modules: [SourceUnit]

    /// `read`: the text of the modules a guideline uses (open documents, else the disk).
    init(uri: String, version: Int, text: String, read: ModuleLoader.Reader? = nil) {
        self.uri = uri
        self.path = Document.path(of: uri)
        self.version = version
        file = SourceFile(name: path, text: text)
        let (tokens, _, _) = Lexer.tokenize(file)
        self.tokens = tokens.filter { $0.kind != .eof }
        let (unit, parseDiags) = Parser.parse(file)
        self.unit = unit
        if unit.isGuideline || unit.isModule {
            let c = Compilation(file, read: read)
            languageDiagnostics = c.diagnostics
            program = c.program
            modules = c.modules
        } else {
            languageDiagnostics = parseDiags
            program = nil
            modules = []
        }
    }

    var isGuideline: Bool { unit.isGuideline }
    var lines: LineMap { LineMap(file) }

    /// The absolute path of the guideline a script `use`s.
    var usedPath: String? {
        for case .script(.use(let p, _)) in unit.items { return Paths.join(Paths.directory(of: path), p) }
        return nil
    }

    static func path(of uri: String) -> String {
        if let url = URL(string: uri), url.isFileURL { return url.path }
        return uri.hasPrefix("file://") ? String(uri.dropFirst("file://".count)) : uri
    }

    static func uri(of path: String) -> String { URL(fileURLWithPath: path).absoluteString }
}

/// The slower diagnostics, run after a pause in typing: for a guideline the input-space
/// analyses (with its `gist:ignore` pragmas applied), for a script its statements run as by
/// `gist test` (failed expectations become errors at the `expect`).
enum SlowDiagnostics {
    static func of(_ doc: Document, host: SessionHost, nodeLimit: Int) -> [Diagnostic] {
        if doc.isGuideline || doc.unit.isModule {
            let findings = doc.program.map { Findings.analyse($0, nodeLimit: nodeLimit) } ?? []
            var all = doc.languageDiagnostics + findings
            for u in doc.modules + [doc.unit] { all = Pragmas.apply(all, comments: u.comments, file: u.file) }
            return all
        }
        var out = doc.languageDiagnostics
        if doc.languageDiagnostics.contains(where: { $0.severity == .error }) { return out }
        let session = Session(host: host)
        session.run(doc.unit) { event in
            switch event {
            case .diagnostic(let d):
                // Problems inside the used guideline are reported at the `use` by the session.
                if d.range == nil || d.range?.file === doc.file { out.append(d) }
            case .expectation(let r) where !r.passed:
                out.append(Diagnostic(.expectationFailed, "\(r.statement): expected \(r.expected), actual \(r.actual)",
                                      at: r.range, notes: r.explanation.split(separator: "\n").map { .text(String($0)) }))
            case .expectation, .text:
                break
            }
        }
        return out
    }
}

/// The server's reading of files for scripts: open documents as the client has them, other
/// files from disk.
struct OverlayHost: SessionHost {
    let open: [String: String]

    func readSource(path: String) throws -> String {
        if let text = open[path] { return text }
        guard let data = FileManager.default.contents(atPath: path) else { throw Unreadable(path: path) }
        guard let text = String(data: data, encoding: .utf8) else { throw Unreadable(path: path) }
        return text
    }

    func readRecords(path: String, displayPath: String) throws -> [Result<RawRecord, RecordError>] {
        try RecordReader.read(path: path, displayPath: displayPath)
    }

    struct Unreadable: Error, CustomStringConvertible {
        let path: String
        var description: String { "no such file, or not UTF-8 text" }
    }
}
