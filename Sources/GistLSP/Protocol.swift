/// The Language Server Protocol messages gist's server sends and receives, as `Codable`
/// values: only the fields it uses (LSP 3.17; unknown fields are ignored when decoding).

// MARK: JSON-RPC

/// A request id: the protocol allows numbers and strings.
public enum RequestID: Codable, Hashable, Sendable {
    case number(Int)
    case string(String)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self) { self = .number(n) } else { self = .string(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        }
    }
}

/// What every incoming message has: a request has an id and a method, a notification only a
/// method, a response (to a request of ours) only an id.
struct Envelope: Decodable {
    let id: RequestID?
    let method: String?
}

/// The `params` of an incoming message, decoded once its method is known.
struct Incoming<Params: Decodable>: Decodable {
    let params: Params
}

/// A successful response; `result` may be null, which is written out (not left off).
struct Response<Result: Encodable>: Encodable {
    let id: RequestID
    let result: Result?

    enum CodingKeys: String, CodingKey { case jsonrpc, id, result }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("2.0", forKey: .jsonrpc)
        try c.encode(id, forKey: .id)
        if let result { try c.encode(result, forKey: .result) } else { try c.encodeNil(forKey: .result) }
    }
}

struct ResponseError: Codable, Error {
    let code: Int
    let message: String
    static let parseError = -32700, invalidRequest = -32600, methodNotFound = -32601, invalidParams = -32602
    static let requestFailed = -32803
}

struct ErrorResponse: Encodable {
    let jsonrpc = "2.0"
    let id: RequestID?
    let error: ResponseError

    enum CodingKeys: String, CodingKey { case jsonrpc, id, error }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jsonrpc, forKey: .jsonrpc)
        if let id { try c.encode(id, forKey: .id) } else { try c.encodeNil(forKey: .id) }
        try c.encode(error, forKey: .error)
    }
}

struct Notification<Params: Encodable>: Encodable {
    let jsonrpc = "2.0"
    let method: String
    let params: Params
}

// MARK: basic structures

/// A position in a document: 0-based line, and character offset in UTF-16 code units.
public struct Position: Codable, Hashable, Sendable {
    public var line: Int
    public var character: Int
    public init(line: Int, character: Int) { self.line = line; self.character = character }
}

public struct LSPRange: Codable, Hashable, Sendable {
    public var start: Position
    public var end: Position
    public init(start: Position, end: Position) { self.start = start; self.end = end }
}

public struct Location: Codable, Hashable, Sendable {
    public var uri: String
    public var range: LSPRange
}

struct TextDocumentIdentifier: Codable { let uri: String }
struct VersionedTextDocumentIdentifier: Codable { let uri: String; let version: Int? }
struct TextDocumentItem: Codable { let uri: String; let languageId: String?; let version: Int; let text: String }

struct TextEdit: Codable, Hashable {
    let range: LSPRange
    let newText: String
}

/// Edits to several documents, by URI.
struct WorkspaceEdit: Codable {
    let changes: [String: [TextEdit]]
}

// MARK: document synchronisation

struct DidOpenParams: Codable { let textDocument: TextDocumentItem }
struct ContentChange: Codable { let range: LSPRange?; let text: String }
struct DidChangeParams: Codable { let textDocument: VersionedTextDocumentIdentifier; let contentChanges: [ContentChange] }
struct DidCloseParams: Codable { let textDocument: TextDocumentIdentifier }
struct DidSaveParams: Codable { let textDocument: TextDocumentIdentifier }

// MARK: diagnostics

struct DiagnosticRelatedInformation: Codable, Hashable {
    let location: Location
    let message: String
}

struct LSPDiagnostic: Codable, Hashable {
    static let error = 1, warning = 2, information = 3, hint = 4

    let range: LSPRange
    let severity: Int?
    /// The finding's stable id (`table-gap`, `unknown-name`, …).
    let code: String?
    let source: String?
    let message: String
    let relatedInformation: [DiagnosticRelatedInformation]?
}

struct PublishDiagnosticsParams: Codable {
    let uri: String
    let version: Int?
    let diagnostics: [LSPDiagnostic]
}

// MARK: language features

struct TextDocumentPositionParams: Codable {
    let textDocument: TextDocumentIdentifier
    let position: Position
}

struct ReferenceParams: Codable {
    struct Context: Codable { let includeDeclaration: Bool }
    let textDocument: TextDocumentIdentifier
    let position: Position
    let context: Context?
}

struct RenameParams: Codable {
    let textDocument: TextDocumentIdentifier
    let position: Position
    let newName: String
}

struct DocumentFormattingParams: Codable { let textDocument: TextDocumentIdentifier }

struct MarkupContent: Codable {
    let kind: String
    let value: String
}

struct Hover: Codable {
    let contents: MarkupContent
    let range: LSPRange?
}

struct CompletionItem: Codable, Hashable {
    /// LSP's CompletionItemKind values used here.
    static let keyword = 14, variable = 6, enumMember = 20, constant = 21, unit = 11, reference = 18, function = 3

    let label: String
    let kind: Int?
    let detail: String?
}

struct CompletionList: Codable {
    let isIncomplete: Bool
    let items: [CompletionItem]
}

struct CodeActionParams: Codable {
    struct Context: Codable { let diagnostics: [LSPDiagnostic] }
    let textDocument: TextDocumentIdentifier
    let range: LSPRange
    let context: Context
}

struct CodeAction: Codable {
    let title: String
    let kind: String
    let diagnostics: [LSPDiagnostic]?
    let edit: WorkspaceEdit
}

// MARK: initialisation

struct InitializeResult: Codable {
    struct ServerInfo: Codable { let name: String; let version: String }
    let capabilities: ServerCapabilities
    let serverInfo: ServerInfo
}

struct ServerCapabilities: Codable {
    struct CompletionOptions: Codable { let triggerCharacters: [String] }
    /// 1: the client sends a document's full text on every change.
    let textDocumentSync: Int
    let hoverProvider: Bool
    let definitionProvider: Bool
    let referencesProvider: Bool
    let renameProvider: Bool
    let completionProvider: CompletionOptions
    let documentFormattingProvider: Bool
    let codeActionProvider: Bool
}
