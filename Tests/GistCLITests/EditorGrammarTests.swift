import Foundation
import GistTestSupport
import Testing

/// The TextMate grammar in editors/: valid JSON, and a small tokenizer (the TextMate rule —
/// at each position the pattern matching earliest wins, ties to the first listed — with
/// NSRegularExpression) run over every line of the shipped guidelines and scripts: every
/// `begin` finds its `end` on its line (strings and comments are single-line in gist), and
/// every non-blank character is scoped or part of a plain name the grammar leaves alone.
@Suite struct EditorGrammarTests {
    static let root = Repository.root
    static let grammarURL = root.appendingPathComponent("editors/gist.tmLanguage.json")

    /// A pattern of the grammar, compiled.
    final class Rule {
        var match: NSRegularExpression?
        var begin: NSRegularExpression?
        var end: NSRegularExpression?
        var name: String?
        /// Capture group → (scope name, sub-patterns applied inside the capture).
        var captures: [Int: (String?, [Rule])] = [:]
        /// Between `begin` and `end`: the patterns tried before the end.
        var inner: [Rule] = []
        init() {}
    }

    struct GrammarError: Error, CustomStringConvertible { let description: String }

    static func loadJSON() throws -> [String: Any] {
        let data = try Data(contentsOf: grammarURL)
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw GrammarError(description: "the grammar is not a JSON object")
        }
        return json
    }

    /// The grammar's top-level patterns with `include`s resolved.
    static func rules() throws -> [Rule] {
        let json = try loadJSON()
        let repository = json["repository"] as? [String: Any] ?? [:]
        func compile(_ pattern: String) throws -> NSRegularExpression {
            do { return try NSRegularExpression(pattern: pattern) } catch {
                throw GrammarError(description: "bad regular expression \(pattern): \(error)")
            }
        }
        func rules(_ list: [Any], depth: Int = 0) throws -> [Rule] {
            guard depth < 20 else { throw GrammarError(description: "include cycle") }
            var out: [Rule] = []
            for case let p as [String: Any] in list {
                if let include = p["include"] as? String {
                    guard include.hasPrefix("#"), let target = repository[String(include.dropFirst())] as? [String: Any] else {
                        throw GrammarError(description: "unknown include \(include)")
                    }
                    out += try rules([target], depth: depth + 1)
                    continue
                }
                if p["match"] == nil, p["begin"] == nil, let nested = p["patterns"] as? [Any] {
                    out += try rules(nested, depth: depth + 1)
                    continue
                }
                let r = Rule()
                r.name = p["name"] as? String
                if let m = p["match"] as? String { r.match = try compile(m) }
                if let b = p["begin"] as? String {
                    r.begin = try compile(b)
                    guard let e = p["end"] as? String else { throw GrammarError(description: "begin \(b) without end") }
                    r.end = try compile(e)
                    r.inner = try rules(p["patterns"] as? [Any] ?? [], depth: depth + 1)
                }
                for case let (key, value as [String: Any]) in (p["captures"] as? [String: Any] ?? [:]) {
                    guard let group = Int(key) else { continue }
                    r.captures[group] = (value["name"] as? String, try rules(value["patterns"] as? [Any] ?? [], depth: depth + 1))
                }
                out.append(r)
            }
            return out
        }
        return try rules(json["patterns"] as? [Any] ?? [])
    }

    struct Scope {
        var range: NSRange
        var name: String
    }

    struct LineResult {
        var covered: [Bool]
        var scopes: [Scope] = []
        var unmatchedBegin: Int?
    }

    static func firstMatch(_ rules: [Rule], in line: NSString, from p: Int) -> (Rule, NSTextCheckingResult)? {
        var best: (Rule, NSTextCheckingResult)?
        for r in rules {
            guard let re = r.match ?? r.begin,
                  let m = re.firstMatch(in: line as String, range: NSRange(location: p, length: line.length - p)) else { continue }
            if best == nil || m.range.location < best!.1.range.location { best = (r, m) }
        }
        return best
    }

    static func applyCaptures(_ r: Rule, _ m: NSTextCheckingResult, _ line: NSString, into result: inout LineResult) {
        for (group, (name, sub)) in r.captures where group < m.numberOfRanges {
            let range = m.range(at: group)
            guard range.location != NSNotFound else { continue }
            if let name { result.scopes.append(Scope(range: range, name: name)) }
            // Sub-patterns inside the capture, left to right.
            var p = range.location
            let end = range.location + range.length
            while p < end, let (s, sm) = firstMatch(sub, in: line, from: p), sm.range.location < end, sm.range.length > 0 {
                if let n = s.name { result.scopes.append(Scope(range: sm.range, name: n)) }
                p = sm.range.location + sm.range.length
            }
        }
    }

    static func tokenize(_ text: String, _ rules: [Rule]) -> LineResult {
        let line = text as NSString
        var result = LineResult(covered: Array(repeating: false, count: line.length))
        var p = 0
        while p < line.length, let (r, m) = firstMatch(rules, in: line, from: p) {
            var range = m.range
            if let end = r.end {
                // Inside the region, an inner pattern that matches before the end wins
                // (an escaped quote does not end a string).
                var q = m.range.location + m.range.length
                var closing: NSTextCheckingResult?
                while q <= line.length {
                    let e = end.firstMatch(in: text, range: NSRange(location: q, length: line.length - q))
                    if let (i, im) = firstMatch(r.inner, in: line, from: q), im.range.length > 0,
                       e == nil || im.range.location < e!.range.location {
                        if let n = i.name { result.scopes.append(Scope(range: im.range, name: n)) }
                        q = im.range.location + im.range.length
                        continue
                    }
                    closing = e
                    break
                }
                guard let e = closing else {
                    result.unmatchedBegin = m.range.location
                    return result
                }
                range = NSRange(location: m.range.location, length: e.range.location + e.range.length - m.range.location)
            }
            if range.length == 0 { p = range.location + 1; continue }
            for i in range.location..<(range.location + range.length) { result.covered[i] = true }
            if let n = r.name { result.scopes.append(Scope(range: range, name: n)) }
            applyCaptures(r, m, line, into: &result)
            p = range.location + range.length
        }
        return result
    }

    /// Uncovered text that is not a plain name (nor blank): what the grammar missed.
    static func unscoped(_ text: String, _ result: LineResult) -> [String] {
        let line = text as NSString
        var runs: [String] = []
        var current = ""
        for i in 0..<line.length {
            if result.covered[i] { if !current.isEmpty { runs.append(current); current = "" }; continue }
            current += line.substring(with: NSRange(location: i, length: 1))
        }
        if !current.isEmpty { runs.append(current) }
        let name = try? NSRegularExpression(pattern: "^[A-Za-z_][A-Za-z0-9_]*$")
        return runs.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }) }.map(String.init).filter { chunk in
            name?.firstMatch(in: chunk, range: NSRange(location: 0, length: (chunk as NSString).length)) == nil
        }
    }

    static var shippedFiles: [URL] {
        var found: [URL] = []
        for dir in ["guidelines", "examples", "Tests/Conformance", "Tests/GistCLITests/Fixtures/run", "Tests/GistREPLTests/Fixtures/repl"] {
            guard let walker = FileManager.default.enumerator(at: root.appendingPathComponent(dir), includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == "gist" { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }

    @Test func grammarIsJSONWithTheGistScope() throws {
        let json = try Self.loadJSON()
        #expect(json["scopeName"] as? String == "source.gist")
        #expect((json["fileTypes"] as? [String]) == ["gist"])
        #expect(try Self.rules().count >= 20)
    }

    @Test func shippedFilesTokenizeWithoutUnmatchedRegions() throws {
        let rules = try Self.rules()
        let files = Self.shippedFiles
        #expect(files.count >= 15)
        for url in files {
            let text = try String(contentsOf: url, encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let s = String(line)
                let r = Self.tokenize(s, rules)
                #expect(r.unmatchedBegin == nil, "\(url.lastPathComponent):\(n + 1): a begin without its end")
                let missed = Self.unscoped(s, r)
                #expect(missed.isEmpty, "\(url.lastPathComponent):\(n + 1): not scoped: \(missed)")
            }
        }
    }

    /// The scopes that cover the first occurrence of `word` in `line`.
    func scopes(of word: String, in line: String, after prefix: String = "") throws -> [String] {
        let r = Self.tokenize(line, try Self.rules())
        let ns = line as NSString
        let start = prefix.isEmpty ? 0 : ns.range(of: prefix).location + (prefix as NSString).length
        let at = ns.range(of: word, range: NSRange(location: start, length: ns.length - start))
        #expect(at.location != NSNotFound)
        return r.scopes.filter { NSIntersectionRange($0.range, at).length == at.length }.map(\.name)
    }

    @Test func scopesOfTheMainConstructs() throws {
        #expect(try scopes(of: "# greatest", in: "input size: length in cm  # greatest dimension").contains("comment.line.number-sign.gist"))
        #expect(try scopes(of: "length", in: "input size: length in cm where 0 cm < size <= 100 cm").contains("support.type.gist"))
        #expect(try scopes(of: "cm", in: "input size: length in cm where 0 cm < size <= 100 cm", after: "where 0").contains("keyword.other.unit.gist"))
        #expect(try scopes(of: "100", in: "input size: length in cm where 0 cm < size <= 100 cm").contains("constant.numeric.gist"))
        #expect(try scopes(of: "<=", in: "input size: length in cm where 0 cm < size <= 100 cm").contains("keyword.operator.comparison.gist"))
        #expect(try scopes(of: "mg/day", in: "let high = dose >= 800 mg/day").contains("keyword.other.unit.gist"))
        #expect(try scopes(of: "kg", in: "let heavy = weight >= 100 kg").contains("keyword.other.unit.gist"))
        #expect(try scopes(of: "mcg", in: "let low = dose < 250 mcg").contains("keyword.other.unit.gist"))
        #expect(try scopes(of: "m", in: "let tall = height > 1.9 m", after: "1.9 ").contains("keyword.other.unit.gist"))
        #expect(try scopes(of: "recommend", in: "recommendation surgery: recommend", after: ":").contains("storage.modifier.strength.gist"))
        #expect(try scopes(of: "avoid", in: "recommendation chemo: avoid \"No.\" cite \"S\"").contains("storage.modifier.strength.gist"))
        #expect(try scopes(of: "surgery", in: "recommendation surgery: recommend").contains("entity.name.function.recommendation.gist"))
        #expect(try scopes(of: "sunitinib", in: "    when x { recommend imatinib, sunitinib }").contains("entity.name.function.recommendation.gist"))
        #expect(try scopes(of: "biopsy", in: "expect c recommends exactly {surgery, biopsy}").contains("entity.name.function.recommendation.gist"))
        #expect(try scopes(of: "\"Surgery\"", in: "  cite \"Surgery\"").contains("string.quoted.double.gist"))
        #expect(try scopes(of: "\\\"", in: "  \"say \\\"no\\\"\"").contains("constant.character.escape.gist"))
        #expect(try scopes(of: "|", in: "  | <= 2 cm | any | => none").contains("punctuation.separator.pipe.gist"))
        #expect(try scopes(of: "=>", in: "  | <= 2 cm | any | => none").contains("keyword.operator.arrow.gist"))
        #expect(try scopes(of: "any", in: "  | <= 2 cm | any | => none").contains("constant.language.any.gist"))
        #expect(try scopes(of: "..", in: "  | (2 cm..5 cm] | => low").contains("keyword.operator.range.gist"))
        #expect(try scopes(of: "5", in: "  | (2 cm..5 cm] | => low").contains("constant.numeric.gist"))
        #expect(try scopes(of: "unique", in: "table risk: band unique {").contains("keyword.other.policy.gist"))
        #expect(try scopes(of: "when", in: "  when spread == localized {").contains("keyword.control.gist"))
        #expect(try scopes(of: "not", in: "  when a and not b {").contains("keyword.operator.word.gist"))
        #expect(try scopes(of: "version", in: "  version \"1\"").contains("keyword.other.field.gist"))
    }

    @Test func scopesOfSubPathwaysAndReasons() throws {
        #expect(try scopes(of: "drug_sequence", in: "pathway drug_sequence {").contains("entity.name.function.pathway.gist"))
        #expect(try scopes(of: "pathway", in: "pathway drug_sequence {").contains("keyword.declaration.gist"))
        #expect(try scopes(of: "follow", in: "  when late { follow drug_sequence }").contains("keyword.control.follow.gist"))
        #expect(try scopes(of: "drug_sequence", in: "  when late { follow drug_sequence }").contains("entity.name.function.pathway.gist"))
        #expect(try scopes(of: "because", in: "  when t because \"small\" {").contains("keyword.control.because.gist"))
        #expect(try scopes(of: "because", in: "    recommend a, b because \"why\"").contains("keyword.control.because.gist"))
        #expect(try scopes(of: "b", in: "    recommend a, b because \"why\"", after: "a, ").contains("entity.name.function.recommendation.gist"))
        // Elsewhere both words are ordinary names.
        #expect(try !scopes(of: "because", in: "let because = true").contains("keyword.control.because.gist"))
    }

    @Test func scopesOfBuiltinFunctions() throws {
        #expect(try scopes(of: "known", in: "  when not (known(mitoses) and mitoses > 5) {").contains("support.function.builtin.gist"))
        #expect(try scopes(of: "count", in: "let many = count(failed) >= 2").contains("support.function.builtin.gist"))
        #expect(try scopes(of: "max", in: "let m = max(size, 2 cm)").contains("support.function.builtin.gist"))
        // Without a parenthesis `count` is the type, and a name stays a name.
        #expect(try !scopes(of: "count", in: "input mitoses: count").contains("support.function.builtin.gist"))
        #expect(try !scopes(of: "min", in: "let min = 3").contains("support.function.builtin.gist"))
    }

    /// Issue 16's other constructs: modules, evidence, fixed inputs, dates and today, the
    /// clinical units in their other spellings, and the remaining functions.
    @Test func scopesOfModulesEvidenceDatesAndUnits() throws {
        #expect(try scopes(of: "use", in: "use \"common/primary-tumour.gist\"").contains("keyword.other.script.gist"))
        #expect(try scopes(of: "evidence", in: "evidence esmo {").contains("keyword.other.evidence.gist"))
        #expect(try scopes(of: "esmo", in: "  evidence esmo [I, A]").contains("entity.name.type.evidence.gist"))
        #expect(try scopes(of: "fixed", in: "input site: site fixed").contains("storage.modifier.fixed.gist"))
        #expect(try scopes(of: "date", in: "input surgery_date: date", after: ": ").contains("support.type.gist"))
        #expect(try scopes(of: "today", in: "  when today - surgery_date >= 6 months {").contains("variable.language.today.gist"))
        #expect(try scopes(of: "months", in: "  when today - surgery_date >= 6 months {").contains("keyword.other.unit.gist"))
        for (unit, line) in [("µg", "let low = dose < 250 µg"), ("m²", "let big = bsa > 2 m²"), ("mL/min", "let slow = clearance < 60 mL/min"),
                             ("%", "let low_ef = ef < 40 %"), ("mg/kg/day", "let high = rate > 10 mg/kg/day"), ("umol/L", "let high = b > 34 umol/L")] {
            #expect(try scopes(of: unit, in: line).contains("keyword.other.unit.gist"), "\(unit)")
        }
        #expect(try scopes(of: "abs", in: "let d = abs(a - b)").contains("support.function.builtin.gist"))
        #expect(try scopes(of: "min", in: "let d = min(a, b)").contains("support.function.builtin.gist"))
        // A decimal with many digits is one number.
        #expect(try scopes(of: "50.000000000001", in: "  when size > 50.000000000001 mm {").contains("constant.numeric.gist"))
    }

    @Test func unterminatedStringsEndAtTheLineEnd() throws {
        let r = Self.tokenize("input x: \"open", try Self.rules())
        #expect(r.unmatchedBegin == nil)
        #expect(r.covered.allSatisfy { $0 } == false)
    }

    /// The VS Code extension points at the grammar (through its syntaxes/ link) and at a
    /// language configuration with `#` comments, and starts `gist lsp`.
    @Test func vscodeExtensionReferencesTheGrammar() throws {
        let dir = Self.root.appendingPathComponent("editors/vscode")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("package.json"))) as? [String: Any])
        let contributes = try #require(manifest["contributes"] as? [String: Any])
        let grammars = try #require(contributes["grammars"] as? [[String: Any]])
        let languages = try #require(contributes["languages"] as? [[String: Any]])
        #expect(grammars.first?["scopeName"] as? String == "source.gist")
        #expect(languages.first?["extensions"] as? [String] == [".gist"])
        let grammarPath = try #require(grammars.first?["path"] as? String)
        let linked = try Data(contentsOf: dir.appendingPathComponent(grammarPath))
        #expect(linked == (try Data(contentsOf: Self.grammarURL)))
        let configPath = try #require(languages.first?["configuration"] as? String)
        let config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(configPath))) as? [String: Any])
        #expect((config["comments"] as? [String: Any])?["lineComment"] as? String == "#")
        // The extension's entry point starts the language server on gist files.
        let main = try #require(manifest["main"] as? String)
        let script = try String(contentsOf: dir.appendingPathComponent(main), encoding: .utf8)
        #expect(script.contains("args: ['lsp'"))
        #expect(manifest["activationEvents"] as? [String] == ["onLanguage:gist"])
    }
}
