import Foundation
@testable import Gist

/// One conformance entry (Tests/Conformance/README.md): a guideline's text and the cases its
/// directive comments describe.
struct ConformanceEntry {
    struct Case {
        var name: String
        var line: Int
        /// Input name and value text, as written.
        var fields: [(name: String, value: String)] = []
        /// Exactly the recommended codes; nil when the case has no `# recommends:` line.
        var recommends: [String]?
        /// Exactly the undetermined codes, each with the names of the inputs it needs.
        var undetermined: [String: [String]] = [:]
        /// Slot name and expected value text.
        var values: [(name: String, value: String, line: Int)] = []
    }

    let path: String
    let text: String
    var cases: [Case] = []
    /// Directive lines that could not be read, as messages with their line.
    var problems: [String] = []

    /// A diagnostics entry (`# expect-error:` / `# expect-warning:`), run by the checker's runner.
    var isDiagnosticsEntry: Bool {
        text.split(separator: "\n").contains { $0.hasPrefix("# expect-error:") || $0.hasPrefix("# expect-warning:") }
    }

    init(path: String, text: String) {
        self.path = path
        self.text = text
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            read(String(raw), line: k + 1)
        }
        for c in cases where c.recommends == nil { problems.append("\(path):\(c.line): case '\(c.name)' has no '# recommends:' line") }
    }

    private mutating func read(_ line: String, line n: Int) {
        guard line.hasPrefix("# ") else { return }
        let body = line.dropFirst(2)
        guard let colon = body.firstIndex(of: ":") else { return }
        let head = body[..<colon].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let payload = String(body[body.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        guard let keyword = head.first else { return }
        switch (keyword, head.count) {
        case ("case", 2):
            var c = Case(name: head[1], line: n)
            for item in Self.splitTopLevel(payload) {
                guard let eq = item.firstIndex(of: "=") else {
                    problems.append("\(path):\(n): '\(item)' is not FIELD = VALUE")
                    continue
                }
                c.fields.append((item[..<eq].trimmingCharacters(in: .whitespaces),
                                 item[item.index(after: eq)...].trimmingCharacters(in: .whitespaces)))
            }
            cases.append(c)
        case ("recommends", 1), ("undetermined", 2), ("value", 2):
            guard !cases.isEmpty else {
                problems.append("\(path):\(n): '\(keyword)' before any '# case'")
                return
            }
            let list = Self.splitTopLevel(payload)
            if keyword == "recommends" {
                if cases[cases.count - 1].recommends != nil { problems.append("\(path):\(n): a second '# recommends:' for one case") }
                cases[cases.count - 1].recommends = list
            } else if keyword == "undetermined" {
                cases[cases.count - 1].undetermined[head[1]] = list
            } else {
                cases[cases.count - 1].values.append((head[1], payload, n))
            }
        default:
            return
        }
    }

    /// Comma-separated items, not splitting inside `{…}`; empty items dropped.
    static func splitTopLevel(_ s: String) -> [String] {
        var items: [String] = []
        var current = ""
        var depth = 0
        for ch in s {
            if ch == "{" { depth += 1 }
            if ch == "}" { depth -= 1 }
            if ch == ",", depth == 0 {
                items.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        items.append(current)
        return items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A value as written in a case, as a record field would carry it. `unknown` is nil: the
    /// runner then makes the input unknown, default or not.
    static func rawValue(_ text: String) -> RawValue? {
        switch text {
        case "unknown": return nil
        case "true": return .bool(true)
        case "false": return .bool(false)
        default:
            if text.hasPrefix("{"), text.hasSuffix("}") {
                return .array(splitTopLevel(String(text.dropFirst().dropLast())).map { .string($0) })
            }
            return .string(text)
        }
    }

    /// Every entry under Tests/Conformance, sorted by path.
    static func all() throws -> [ConformanceEntry] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conformance")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var entries: [ConformanceEntry] = []
        for case let url as URL in walker where url.pathExtension == "gist" {
            let relative = "Tests/Conformance" + url.path.dropFirst(root.path.count)
            let text = try String(contentsOf: url, encoding: .utf8)
            // A module (declarations only) is not an entry: the entries that use it are.
            if Parser.parse(SourceFile(name: relative, text: text)).unit.isModule { continue }
            entries.append(ConformanceEntry(path: relative, text: text))
        }
        return entries.sorted { $0.path < $1.path }
    }
}
