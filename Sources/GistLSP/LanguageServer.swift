import Dispatch
import Foundation
import Gist

/// gist's language server: reads LSP messages from `input`, answers on `output`. Requests are
/// answered in order on the calling thread (parsing and checking a guideline takes
/// milliseconds); the input-space analyses and script runs happen on a background queue after
/// `delay` seconds without a change, so typing is never held up by them.
public final class LanguageServer: @unchecked Sendable {
    let reader: MessageReader
    let writer: MessageWriter
    let delay: Double
    let nodeLimit: Int
    let decoder = JSONDecoder()
    let analyses = DispatchQueue(label: "gist.lsp.analyses")

    /// Guards the state below, which the analyses read from their queue.
    let lock = NSLock()
    var documents: [String: Document] = [:]
    /// The last program without errors of each guideline, so completion still offers its names
    /// while an edit leaves the guideline broken.
    var lastPrograms: [String: Program] = [:]
    /// What was last published for each document, for code actions.
    var published: [String: (version: Int, diagnostics: [Diagnostic])] = [:]
    var shutdownRequested = false

    public init(input: FileHandle, output: FileHandle, delay: Double = 0.3, nodeLimit: Int = 4_000_000) {
        reader = MessageReader(input)
        writer = MessageWriter(output)
        self.delay = delay
        self.nodeLimit = nodeLimit
    }

    /// Serves until `exit` or the end of input; the exit status the protocol asks for (0 after
    /// `shutdown`, 1 otherwise).
    public func run(log: (String) -> Void) -> Int32 {
        while true {
            let message: Data?
            do { message = try reader.next() } catch {
                log("gist lsp: \(error)")
                return 1
            }
            guard let message else { return shutdownRequested ? 0 : 1 }
            if !handle(message) { return shutdownRequested ? 0 : 1 }
        }
    }

    /// Handles one message; false after `exit`.
    func handle(_ data: Data) -> Bool {
        guard let envelope = try? decoder.decode(Envelope.self, from: data) else {
            writer.send(ErrorResponse(id: nil, error: ResponseError(code: ResponseError.parseError, message: "not a JSON-RPC message")))
            return true
        }
        guard let method = envelope.method else { return true }  // a response to us: none expected
        let id = envelope.id
        switch method {
        case "initialize": answer(data, id) { (_: Ignored) in .success(Self.initializeResult) }
        case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration": break
        case "shutdown":
            shutdownRequested = true
            if let id { writer.send(Response<Bool>(id: id, result: nil)) }
        case "exit": return false
        case "textDocument/didOpen":
            if let p = params(DidOpenParams.self, data) {
                update(Document(uri: p.textDocument.uri, version: p.textDocument.version, text: p.textDocument.text, read: moduleReader()))
            }
        case "textDocument/didChange":
            // Full synchronisation: the last change holds the whole text.
            if let p = params(DidChangeParams.self, data), let text = p.contentChanges.last?.text {
                let version = p.textDocument.version ?? (document(p.textDocument.uri)?.version ?? 0) + 1
                update(Document(uri: p.textDocument.uri, version: version, text: text, read: moduleReader()))
            }
        case "textDocument/didSave": break
        case "textDocument/didClose":
            if let p = params(DidCloseParams.self, data) { close(p.textDocument.uri) }
        case "textDocument/hover": answer(data, id, hover)
        case "textDocument/definition": answer(data, id, definition)
        case "textDocument/references": answer(data, id, references)
        case "textDocument/rename": answer(data, id, rename)
        case "textDocument/completion": answer(data, id, completion)
        case "textDocument/formatting": answer(data, id, formatting)
        case "textDocument/codeAction": answer(data, id, codeActions)
        default:
            if let id {
                writer.send(ErrorResponse(id: id, error: ResponseError(code: ResponseError.methodNotFound, message: "gist lsp does not handle \(method)")))
            }
        }
        return true
    }

    static let initializeResult = InitializeResult(
        capabilities: ServerCapabilities(
            textDocumentSync: 1, hoverProvider: true, definitionProvider: true, referencesProvider: true,
            renameProvider: true, completionProvider: .init(triggerCharacters: [".", "{", ":", " "]),
            documentFormattingProvider: true, codeActionProvider: true),
        serverInfo: .init(name: "gist", version: "0.1"))

    struct Ignored: Decodable {}

    func params<P: Decodable>(_: P.Type, _ data: Data) -> P? {
        try? decoder.decode(Incoming<P>.self, from: data).params
    }

    /// Decodes a request's params, runs `body` and sends its result or error.
    func answer<P: Decodable, R: Encodable>(_ data: Data, _ id: RequestID?, _ body: (P) -> Result<R?, ResponseError>) {
        guard let id else { return }
        guard let p = params(P.self, data) else {
            writer.send(ErrorResponse(id: id, error: ResponseError(code: ResponseError.invalidParams, message: "cannot read the request's params")))
            return
        }
        switch body(p) {
        case .success(let r): writer.send(Response(id: id, result: r))
        case .failure(let e): writer.send(ErrorResponse(id: id, error: e))
        }
    }

    // MARK: documents

    func document(_ uri: String) -> Document? {
        lock.lock()
        defer { lock.unlock() }
        return documents[uri]
    }

    func openDocuments() -> [Document] {
        lock.lock()
        defer { lock.unlock() }
        return Array(documents.values)
    }

    /// A guideline by path: the open document, else the file on disk.
    func guideline(at path: String) -> Document? {
        if let open = openDocuments().first(where: { $0.path == path }) { return open }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { return nil }
        return Document(uri: Document.uri(of: path), version: 0, text: text, read: moduleReader())
    }

    /// Reads the modules a guideline uses: open documents as the client has them, other files
    /// from disk.
    func moduleReader() -> ModuleLoader.Reader {
        let host = OverlayHost(open: Dictionary(openDocuments().map { ($0.path, $0.file.text) }, uniquingKeysWith: { a, _ in a }))
        return { try host.readSource(path: $0) }
    }

    /// The guideline whose names a document uses: itself, the one a script `use`s, or for a
    /// module an open guideline that uses it.
    func guideline(for doc: Document) -> Document? {
        if doc.isGuideline { return doc }
        if doc.isModule {
            return openDocuments().sorted { $0.path < $1.path }.first { $0.isGuideline && $0.modules.contains { $0.file.name == doc.path } }
        }
        return doc.usedPath.flatMap { guideline(at: $0) }
    }

    /// Takes a document's new version: publishes its diagnostics, schedules its analyses and
    /// those of the scripts using it, and checks again the open guidelines and modules that use
    /// it (`updated`: the paths done already, so a cycle of uses ends).
    func update(_ doc: Document, updated: Set<String> = []) {
        lock.lock()
        documents[doc.uri] = doc
        if let p = doc.program { lastPrograms[doc.uri] = p }
        let scripts = doc.isGuideline ? documents.values.filter { $0.usedPath == doc.path } : []
        let users = doc.isModule ? documents.values.filter { $0.modules.contains { $0.file.name == doc.path } } : []
        lock.unlock()
        publish(doc, doc.languageDiagnostics)
        schedule(doc)
        for script in scripts { schedule(script) }
        let done = updated.union([doc.path])
        for user in users where !done.contains(user.path) {
            update(Document(uri: user.uri, version: user.version, text: user.file.text, read: moduleReader()), updated: done)
        }
    }

    func close(_ uri: String) {
        lock.lock()
        documents[uri] = nil
        lastPrograms[uri] = nil
        published[uri] = nil
        lock.unlock()
        writer.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams(uri: uri, version: nil, diagnostics: []))
    }

    /// Runs the slow diagnostics once the document has stayed at this version for `delay`.
    func schedule(_ doc: Document) {
        analyses.asyncAfter(deadline: .now() + delay) { [self] in
            guard let now = document(doc.uri), now.version == doc.version else { return }
            let open = Dictionary(openDocuments().map { ($0.path, $0.file.text) }, uniquingKeysWith: { a, _ in a })
            let found = SlowDiagnostics.of(now, host: OverlayHost(open: open), nodeLimit: nodeLimit)
            guard document(doc.uri)?.version == doc.version else { return }
            publish(now, found)
        }
    }

    func publish(_ doc: Document, _ diagnostics: [Diagnostic]) {
        lock.lock()
        published[doc.uri] = (doc.version, diagnostics)
        lock.unlock()
        let lines = doc.lines
        writer.notify("textDocument/publishDiagnostics",
                      PublishDiagnosticsParams(uri: doc.uri, version: doc.version, diagnostics: diagnostics.map { Self.convert($0, doc, lines) }))
    }

    /// A gist diagnostic as the protocol's: its id as the code, its notes (suggestions,
    /// witnesses, regions) as related information at the same place.
    static func convert(_ d: Diagnostic, _ doc: Document, _ lines: LineMap) -> LSPDiagnostic {
        let range = d.range.flatMap { $0.file === doc.file ? lines.range($0.span) : nil } ?? LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0))
        // A problem in a module the guideline uses stands at the top, saying where it is.
        let elsewhere = d.range.flatMap { $0.file === doc.file ? nil : "\($0.file.name):\($0.line): " } ?? ""
        let severity = switch d.severity { case .error: LSPDiagnostic.error; case .warning: LSPDiagnostic.warning; case .note: LSPDiagnostic.information }
        let related = d.notes.map { DiagnosticRelatedInformation(location: Location(uri: doc.uri, range: range), message: $0.text) }
        return LSPDiagnostic(range: range, severity: severity, code: d.id, source: "gist", message: elsewhere + d.message,
                             relatedInformation: related.isEmpty ? nil : related)
    }
}
