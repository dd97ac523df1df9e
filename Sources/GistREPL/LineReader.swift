/// Where the REPL gets its lines: a terminal through libedit, or standard input when it is
/// not a terminal, or text in tests.
public protocol LineReader: AnyObject {
    /// The next line, without its line ending.
    func read(prompt: String) -> LineRead
    /// Remembers a finished entry for recall (a no-op where there is no history).
    func remember(_ entry: String)
}

public enum LineRead: Equatable, Sendable {
    case line(String)
    /// Ctrl-C: the line being typed is dropped.
    case interrupted
    /// End of input (Ctrl-D on an empty line, or the end of piped input).
    case end
}

/// Reads lines from text held in memory (tests, and the REPL's plain mode on piped input).
public final class TextLineReader: LineReader {
    var lines: [Substring]
    var next = 0

    public init(_ text: String) {
        // "\r\n" is one Character in Swift, so both endings are named.
        var ls = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        // A final newline ends the last line; it does not start an empty one.
        if ls.last == "" { ls.removeLast() }
        lines = ls
    }

    public func read(prompt: String) -> LineRead {
        guard next < lines.count else { return .end }
        defer { next += 1 }
        return .line(String(lines[next]))
    }

    public func remember(_ entry: String) {}
}

/// Reads standard input line by line, without prompts or editing (stdin is not a terminal).
public final class StandardInputReader: LineReader {
    public init() {}

    public func read(prompt: String) -> LineRead {
        guard var l = Swift.readLine(strippingNewline: true) else { return .end }
        if l.hasSuffix("\r") { l.removeLast() }
        return .line(l)
    }

    public func remember(_ entry: String) {}
}
