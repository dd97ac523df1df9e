import Foundation
import Gist

/// The result of completing the word before the cursor: what the word is and what it could
/// become. Pure data, so tests check it without a terminal.
public struct Completion: Equatable, Sendable {
    /// The partial word before the cursor; every candidate starts with it.
    public var word: String
    public var candidates: [String]
    /// A single full match is followed by a space (not for folders, `CASE.`, paths).
    public var spaceAfter: Bool

    public init(word: String, candidates: [String], spaceAfter: Bool = true) {
        self.word = word
        self.candidates = Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
        self.spaceAfter = spaceAfter
    }

    public static let none = Completion(word: "", candidates: [])

    /// What to insert at the cursor, and the candidates to list when the word cannot grow.
    public func insertion() -> (text: String, list: [String]) {
        guard let first = candidates.first else { return ("", []) }
        if candidates.count == 1 {
            let open = first.hasSuffix("/") || first.hasSuffix(".") || !spaceAfter
            return (String(first.dropFirst(word.count)) + (open ? "" : " "), [])
        }
        var common = first
        for c in candidates.dropFirst() {
            while !c.hasPrefix(common) { common.removeLast() }
        }
        let grow = String(common.dropFirst(word.count))
        return (grow, grow.isEmpty ? candidates : [])
    }
}

/// Tab completion: commands, statement words, input and derived names, enum members, case
/// names, recommendation codes, units, and file paths after `:load`, `use "`, `cases "`.
extension REPL {
    /// Completes the word before the cursor; `before` is the current line up to the cursor
    /// (earlier lines of an unfinished entry are in `pending`).
    public func complete(_ before: String) -> Completion {
        if pending.isEmpty, before.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(":") {
            return completeCommand(String(before.drop(while: { $0 == " " || $0 == "\t" })))
        }
        let entry = (pending + [before]).joined(separator: "\n")
        let file = SourceFile(name: "", text: entry)
        let (all, _, _) = Lexer.tokenize(file)
        let tokens = all.filter { $0.kind != .eof }
        // Inside an unfinished string: a path after `use` or `cases`.
        if let last = tokens.last, last.kind == .string, last.span.end == file.bytes.count,
           file.bytes.count > last.span.start, !(file.text(of: last.span).count >= 2 && file.text(of: last.span).hasSuffix("\"")) {
            let partial = file.text(of: Span(last.span.start + 1, last.span.end))
            let before = tokens.dropLast().last
            if before?.kind == .keyword(.use) { return paths(partial, extensions: ["gist"]) }
            if before?.kind == .keyword(.cases) { return paths(partial, extensions: ["json", "jsonl", "yaml", "yml", "csv"]) }
            return .none
        }
        let word = String(before.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
        var context = tokens
        if !word.isEmpty, let last = context.last, last.span.end == file.bytes.count { context.removeLast() }
        // A field name is followed by ':' rather than a space, so leave that to the user.
        let engine = CompletionCandidates(program: session.loaded?.program, cases: session.caseOrder)
        return Completion(word: word, candidates: engine.after(context), spaceAfter: !engine.isFieldName(after: context))
    }

    func completeCommand(_ text: String) -> Completion {
        guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            return Completion(word: text, candidates: Command.allCases.map { ":" + $0.rawValue })
        }
        guard case .success(let command) = Command.resolve(String(text[text.index(after: text.startIndex)..<space])) else { return .none }
        let rest = text[space...]
        let words = Word.split(rest, offset: 0)
        let endsInBlank = rest.last == " " || rest.last == "\t"
        let word = endsInBlank ? "" : words.last?.text ?? ""
        let index = endsInBlank ? words.count : words.count - 1
        let p = session.loaded?.program
        switch command {
        case .load, .source, .diff, .save: return index == 0 ? paths(word, extensions: ["gist"]) : .none
        case .help: return index == 0 ? Completion(word: word, candidates: Command.allCases.map(\.rawValue)) : .none
        case .show: return index == 0 ? Completion(word: word, candidates: session.caseOrder) : .none
        case .why, .whynot:
            if index == 0 { return Completion(word: word, candidates: session.caseOrder) }
            return index == 1 ? Completion(word: word, candidates: p?.recommendations.map(\.code) ?? []) : .none
        case .set, .unset:
            if index == 0 {
                if let dot = word.firstIndex(of: ".") {
                    let caseName = word[..<dot]
                    return Completion(word: word, candidates: (p?.inputs ?? []).map { "\(caseName).\($0.name)" }, spaceAfter: true)
                }
                return Completion(word: word, candidates: session.caseOrder.map { $0 + "." })
            }
            guard command == .set, let target = words.first?.text, let dot = target.firstIndex(of: ".") else { return .none }
            let input = String(target[target.index(after: dot)...])
            if rest.contains("=") { return Completion(word: word.hasPrefix("=") ? String(word.dropFirst()) : word,
                                                        candidates: CompletionCandidates(program: p, cases: []).values(of: input)) }
            return index == 1 ? Completion(word: word, candidates: ["="]) : .none
        case .reload, .cases, .inputs, .quit:
            return .none
        }
    }

    /// Files and folders that complete a partial path; files only with the given extensions.
    func paths(_ partial: String, extensions: [String]) -> Completion {
        let slash = partial.lastIndex(of: "/")
        let folderPart = slash.map { String(partial[...$0]) } ?? ""
        let prefix = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        var folder = folderPart.isEmpty ? "." : folderPart
        if folder.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            folder = home + folder.dropFirst(1)
        }
        if !folder.hasPrefix("/") { folder = directory + "/" + folder }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var out: [String] = []
        for name in names where name.hasPrefix(prefix) {
            if name.hasPrefix("."), !prefix.hasPrefix(".") { continue }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDir) else { continue }
            if isDir.boolValue {
                out.append(folderPart + name + "/")
            } else if extensions.isEmpty || extensions.contains(where: { name.hasSuffix("." + $0) }) {
                out.append(folderPart + name)
            }
        }
        return Completion(word: partial, candidates: out, spaceAfter: false)
    }
}
