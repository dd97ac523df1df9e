/// The kinds of token the lexer produces.
public enum TokenKind: Sendable, Hashable {
    case identifier, number, string
    case keyword(Keyword)
    case lbrace, rbrace, lparen, rparen, lbracket, rbracket
    case comma, colon, dot, dotdot, pipe, arrow /* => */, thinArrow /* -> */
    case plus, minus, star, slash, percent
    case equal /* = */, eq, ne, lt, le, gt, ge
    case eof
    /// A character sequence the lexer could not make sense of; the parser skips it.
    case invalid
}

public enum Keyword: String, Sendable, Hashable, CaseIterable {
    case guideline, `enum`, input, `let`, table, recommendation, cite, pathway
    case when, first, otherwise, recommend, exclusive
    case use, `case`, cases, expect, what, `if`, then, `else`
    case and, or, not, `in`, any, `true`, `false`, print, `where`
}

/// Words with a meaning only in one place (`version` in the header, `unique` after a table's
/// type, …); elsewhere they are ordinary names.
public enum ContextualWord: String, Sendable, CaseIterable {
    case version, date, source, unique, collect, recommends, exactly, undetermined, of, follow, because, fixed, evidence
}

public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    public var span: Span
    /// The token's text (for strings: the decoded value, without quotes).
    public var text: String
    /// True when a line break separates this token from the previous one.
    public var startsLine: Bool
}

/// A comment, kept beside the token stream for doc comments and `gist fmt`.
public struct Comment: Sendable, Hashable {
    public var span: Span
    /// Text after the `#`, trimmed.
    public var text: String
    /// True when nothing but whitespace precedes it on its line.
    public var ownLine: Bool
}

extension TokenKind: CustomStringConvertible {
    public var description: String {
        switch self {
        case .identifier: return "a name"
        case .number: return "a number"
        case .string: return "a string"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .lbrace: return "'{'"
        case .rbrace: return "'}'"
        case .lparen: return "'('"
        case .rparen: return "')'"
        case .lbracket: return "'['"
        case .rbracket: return "']'"
        case .percent: return "'%'"
        case .comma: return "','"
        case .colon: return "':'"
        case .dot: return "'.'"
        case .dotdot: return "'..'"
        case .pipe: return "'|'"
        case .arrow: return "'=>'"
        case .thinArrow: return "'->'"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .equal: return "'='"
        case .eq: return "'=='"
        case .ne: return "'!='"
        case .lt: return "'<'"
        case .le: return "'<='"
        case .gt: return "'>'"
        case .ge: return "'>='"
        case .eof: return "end of file"
        case .invalid: return "an invalid character"
        }
    }
}
