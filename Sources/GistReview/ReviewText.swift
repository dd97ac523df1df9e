import Foundation
import Gist

/// The text layout of a revision review (`gist diff`'s default): declarations, edits, then
/// per code its changes as short covers.
public enum ReviewText {
    /// The widest line the review writes (longer conditions wrap at their `∧`).
    static let width = 120

    /// Every term of every code: the covers are short enough to show whole.
    public static func render(_ r: GuidelineReview, old: String, new: String, cases: CaseTally?) -> String {
        var out = "--- \(old)\n+++ \(new)\n"
        func add(_ first: String, _ parts: [String], separator: String, indent: Int) {
            for line in wrap(first, parts, separator: separator, indent: indent) { out += line + "\n" }
        }
        if r.approximate {
            out += "note: some conditions could not be decided exactly; changes that depend on them may be missing here —\n"
            out += "compare on --cases to see them\n"
            if !r.undecided.isEmpty { out += "changed conditions not decided:\n" + r.undecided.map { "  \($0.description)\n" }.joined() }
        }
        if let cases {
            out += "\n\(cases.changed) of \(cases.total) case\(cases.total == 1 ? "" : "s") change"
                + (cases.incomplete > 0 ? " (\(cases.incomplete) incomplete)" : "") + "\n"
        }
        let declarations = r.declarationSummary
        if !declarations.isEmpty {
            out += "\ndeclarations:\n"
            for d in declarations {
                let (head, list) = splitList(d)
                add("  " + head, list, separator: ", ", indent: 4)
            }
        }
        if !r.edits.isEmpty {
            out += "\nedits:\n"
            // Lets and tables added or removed act only through the edits that use them.
            let declared = r.edits.filter { $0.edit.footprint == r.store.no && $0.codes.isEmpty && ($0.edit.text.hasSuffix(" added") || $0.edit.text.hasSuffix(" removed")) }
            let added = declared.filter { $0.edit.text.hasSuffix(" added") }.map { String($0.edit.text.dropLast(6)) }
            let removed = declared.filter { $0.edit.text.hasSuffix(" removed") }.map { String($0.edit.text.dropLast(8)) }
            for (verb, names) in [("added (acting through the edits that use them)", added), ("removed", removed)] where !names.isEmpty {
                // `lets added: a, b; tables added: c` — the kind written once.
                let kinds = ["let", "table"].map { k in (k, names.filter { $0.hasPrefix(k + " ") }.map { String($0.dropFirst(k.count + 1)) }) }
                    .filter { !$0.1.isEmpty }
                let others = names.filter { n in !["let", "table"].contains { n.hasPrefix($0 + " ") } }
                var parts: [String] = []
                for (k, (kind, list)) in kinds.enumerated() {
                    let last = k + 1 == kinds.count && others.isEmpty
                    parts += list.enumerated().map { i, name in
                        (i == 0 ? kind + (list.count > 1 ? "s " : " ") : "") + name + (i + 1 < list.count ? "," : last ? "" : ";")
                    }
                }
                parts += others.enumerated().map { $1 + ($0 + 1 < others.count ? "," : "") }
                add("  \(verb): ", parts, separator: " ", indent: 4)
            }
            let rest = r.edits.filter { e in !declared.contains { $0.edit.text == e.edit.text && $0.edit.location == e.edit.location } }
            for e in rest where !e.codes.isEmpty {
                // Many codes are counted here and named under each code ("edits: …").
                let effect = e.codes.count > 3 ? ["\(e.codes.count) codes"] : e.codes
                add("  [\(shortLocation(e.edit.location))] \(plain(e.edit.text)) — changes ", effect, separator: ", ", indent: 6)
            }
            let idle = rest.filter(\.codes.isEmpty).map { "[\(shortLocation($0.edit.location))] \(plain($0.edit.text))" }
            if !idle.isEmpty {
                // A branch removed here but written again elsewhere is among these: say why.
                out += "  no effect on any case (every case they reach is recommended the same in both):\n"
                for e in idle { add("    " + e, [], separator: "", indent: 6) }
            }
        }
        if r.codes.isEmpty {
            out += "\nno recommendation changes for any case\n"
            return out
        }
        out += "\nchanges by code, grouped by the edits that change them:\n"
        // Codes changed by the same edits are one group; codes whose changes read the same
        // (terms outside their own context) are written once (without case counts, which differ).
        var groups: [(edits: [String], bodies: [(key: String, codes: [GuidelineReview.CodeReview])])] = []
        for c in r.codes {
            let edits = r.edits.filter { $0.codes.contains(c.code) }.map { "[\(shortLocation($0.edit.location))]" }
            let key = cases != nil ? c.code : c.sections.map { s in
                s.kind.rawValue + ":" + s.terms.map { r.text($0, without: c.context) }.joined(separator: "|")
                    + "-" + s.except.map { r.text($0, without: c.context) }.joined(separator: "|")
            }.joined(separator: ";")
            let g = groups.firstIndex { $0.edits == edits } ?? { groups.append((edits, [])); return groups.count - 1 }()
            if let b = groups[g].bodies.firstIndex(where: { $0.key == key }) { groups[g].bodies[b].codes.append(c) }
            else { groups[g].bodies.append((key, [c])) }
        }
        // One body: its codes' headings, then its changes. A code with one kind of change says
        // it in its heading line.
        // A change whose terms read the same as an earlier code's (within each code's own
        // context) refers to it instead of repeating them.
        var written: [String: String] = [:]
        // `group`: conditions every term of the group's codes has, written on its rule line.
        func code(_ codes: [GuidelineReview.CodeReview], group: CoverTerm) {
            guard let c = codes.first else { return }
            func strip(_ t: CoverTerm) -> CoverTerm { t.filter { !group.contains($0) } }
            let single = codes.count == 1 && c.sections.count == 1 && cases == nil
            for c in codes where !single {
                let context = r.parts(strip(c.context))
                add(heading(c) + (context.isEmpty ? "" : ", where "), context, separator: " ∧ ", indent: 4)
            }
            for (k, s) in c.sections.enumerated() {
                var label = (single ? heading(c) + " " : "  ") + s.kind.rawValue + (codes.count > 1 ? " (each)" : "")
                if let cases { label += " (" + cases.describe(c.code, s.kind) + ")" }
                let terms = s.terms.map { t in strip(t.filter { !c.context.contains($0) }) }
                let except = s.except.map { t in t.filter { !c.context.contains($0) } }
                if terms.count + except.count >= 2, !single {
                    let key = r.text(group) + "/" + s.kind.rawValue + ":" + terms.map { r.text($0) }.joined(separator: "|") + "-" + except.map { r.text($0) }.joined(separator: "|")
                    if let earlier = written[key] {
                        add("\(label): the same terms as for \(earlier)", [], separator: "", indent: 6)
                        continue
                    }
                    written[key] = codes.map(\.code).joined(separator: ", ")
                }
                // One term is written on the change's own line (with the code's context when
                // the heading is this line).
                if r.repeatsPrevious(c, k) {
                    var shared = r.parts(GuidelineReview.shared(terms))
                    if shared.isEmpty {
                        add("\(label): the terms above", [], separator: "", indent: 6)
                    } else {
                        shared[shared.count - 1] += ", and any of the terms just above"
                        add("\(label), where ", shared, separator: " ∧ ", indent: 6)
                    }
                } else if terms.count == 1 {
                    let first = single ? strip(s.terms[0]) : terms[0]
                    add("\(label): ", first.isEmpty ? ["everywhere here"] : r.parts(first), separator: " ∧ ", indent: 6)
                } else {
                    // Conditions every term of this change shares are written once, before the terms.
                    let shared = (single ? strip(c.context) : []) + GuidelineReview.shared(terms)
                    var head: [String]
                    if shared.isEmpty {
                        head = ["\(label), where any of:"]
                    } else {
                        var parts = r.parts(shared)
                        parts[parts.count - 1] += ", and any of:"
                        head = wrap("\(label), where ", parts, separator: " ∧ ", indent: 6)
                    }
                    for line in packed(terms.map { t in
                        let rest = r.parts(t, without: shared)
                        return rest.isEmpty ? ["everywhere here"] : rest
                    }, bullet: "· ", after: head) { out += line + "\n" }
                }
                // The exceptions: where the terms above hold but the code does not change so (the
                // other revision has it the same there). One short one ends the terms' last line.
                if except.count == 1 {
                    let text = "except where " + r.parts(except[0]).joined(separator: " ∧ ")
                    if terms.count == 1, let last = out.dropLast().split(separator: "\n", omittingEmptySubsequences: false).last,
                       last.count + 2 + text.count <= width {
                        out = String(out.dropLast()) + ", " + text + "\n"
                    } else {
                        add("    except where ", r.parts(except[0]), separator: " ∧ ", indent: 6)
                    }
                } else if !except.isEmpty {
                    for line in packed(except.map { r.parts($0) }, bullet: "− ", after: ["    except where any of:"]) { out += line + "\n" }
                }
            }
        }
        // The rule line of each group sets it off; no blank line between groups.
        out += "\n"
        for group in groups {
            // Conditions all the group's codes' terms have (two codes or more) are said once,
            // unless that leaves a term with nothing of its own.
            let terms = group.bodies.flatMap(\.codes).flatMap { $0.sections.flatMap(\.terms) }
            let common = GuidelineReview.shared(terms)
            let shared = group.bodies.reduce(0, { $0 + $1.codes.count }) < 2 || terms.contains { $0.allSatisfy(common.contains) } ? [] : common
            var rule = group.edits.isEmpty ? ["── no single edit"] : byFile(group.edits)
            if !group.edits.isEmpty { rule[0] = "── edits " + rule[0] }
            if !shared.isEmpty {
                rule[rule.count - 1] += ", where"
                let parts = r.parts(shared)
                rule += parts.enumerated().map { $1 + ($0 + 1 < parts.count ? " ∧" : "") }
            }
            add("", rule.enumerated().map { $1 + ($0 + 1 < rule.count && !$1.hasSuffix(" ∧") && !$1.hasSuffix(", where") ? "," : "") },
                separator: " ", indent: 4)
            for body in group.bodies { code(body.codes, group: shared) }
        }
        if let cases {
            // Changes the exact review cannot show: those of incomplete cases only (a code
            // undetermined for want of an input the case does not give).
            let shown = Set(r.codes.flatMap { c in c.sections.map { CaseTally.Key(code: c.code, kind: $0.kind) } })
            let rest = cases.perCode.keys.filter { !shown.contains($0) }.sorted { ($0.code, $0.kind.rawValue) < ($1.code, $1.kind.rawValue) }
            if !rest.isEmpty {
                out += "\nchanges of incomplete cases only:\n"
                for k in rest { add("  \(k.code) \(k.kind.rawValue) (" + cases.describe(k.code, k.kind) + ")", [], separator: "", indent: 6) }
            }
        }
        return out
    }

    /// Terms as bulleted lines after the lines of their heading: terms short enough share a
    /// line (with the heading's last, where they fit), a long one wraps on lines of its own.
    static func packed(_ terms: [[String]], bullet: String, after head: [String]) -> [String] {
        let lead = "    ", gap = "   "
        let texts = terms.map { bullet + $0.joined(separator: " ∧ ") }
        // The heading's line takes the terms only if it takes them all.
        if head.count == 1, let only = head.first,
           only.count + texts.reduce(0, { $0 + gap.count + $1.count }) <= width {
            return [only + texts.map { gap + $0 }.joined()]
        }
        var lines = head
        var line = ""
        for parts in terms {
            let text = bullet + parts.joined(separator: " ∧ ")
            if !line.isEmpty, line.count + gap.count + text.count <= width {
                line += gap + text
                continue
            }
            if !line.isEmpty { lines.append(line) }
            if lead.count + text.count <= width {
                line = lead + text
            } else {
                lines += wrap(lead + bullet, parts, separator: " ∧ ", indent: 6)
                line = ""
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// `head: a, b, c` as the head and its list (a line without a list is all head); commas
    /// inside parentheses or braces do not split (`rupture (bool, default false)`).
    static func splitList(_ line: String) -> (String, [String]) {
        guard let colon = line.range(of: ": "), line.contains(", ") else { return (line, []) }
        let head = String(line[..<colon.upperBound])
        var parts: [String] = [], part = "", depth = 0
        var rest = Substring(line[colon.upperBound...])
        while let ch = rest.first {
            if ch == "(" || ch == "{" { depth += 1 }
            if ch == ")" || ch == "}" { depth -= 1 }
            if depth == 0, rest.hasPrefix(", ") {
                parts.append(part)
                part = ""
                rest = rest.dropFirst(2)
                continue
            }
            part.append(ch)
            rest = rest.dropFirst()
        }
        parts.append(part)
        return (head, parts)
    }

    /// `first` followed by the parts joined by `separator`, broken after a separator where a
    /// line would pass the width; continuation lines indented by `indent`.
    static func wrap(_ first: String, _ parts: [String], separator: String, indent: Int) -> [String] {
        var lines: [String] = []
        // A long head breaks between its words (keeping its leading indentation).
        let lead = String(first.prefix { $0 == " " })
        let words = first.count > width ? first.dropFirst(lead.count).split(separator: " ").map(String.init) : []
        var line = words.isEmpty ? first : lead + words[0]
        for w in words.dropFirst() {
            if line.count + 1 + w.count > width { lines.append(line); line = String(repeating: " ", count: indent) + w } else { line += " " + w }
        }
        if !words.isEmpty, first.hasSuffix(" ") { line += " " }
        // Only a line with nothing but indentation takes a piece however long.
        var fresh = line.allSatisfy { $0 == " " }
        var glued = line.hasSuffix(" ")
        for (k, part) in parts.enumerated() {
            let piece = part + (k + 1 < parts.count ? separator.trimmingTrailingSpace : "")
            if !fresh && line.count + (glued ? 0 : 1) + piece.count > width {
                lines.append(line.trimmingTrailingSpace)
                line = String(repeating: " ", count: indent) + piece
            } else {
                line += (fresh || glued ? "" : " ") + piece
            }
            fresh = false
            glued = false
        }
        lines.append(line)
        return lines
    }

    /// Places `[a.gist:1]`, `[b.gist:2]`, `[a.gist:3]` as `[a.gist:1, 3]`, `[b.gist:2]`: each
    /// file named once, in the order it first comes.
    static func byFile(_ places: [String]) -> [String] {
        var files: [(name: String, lines: [String])] = []
        for p in places {
            let inner = p.hasPrefix("[") && p.hasSuffix("]") ? String(p.dropFirst().dropLast()) : p
            guard let colon = inner.lastIndex(of: ":") else { files.append((inner, [])); continue }
            let name = String(inner[..<colon]), line = String(inner[inner.index(after: colon)...])
            if let k = files.firstIndex(where: { $0.name == name }) { files[k].lines.append(line) }
            else { files.append((name, [line])) }
        }
        return files.map { "[" + $0.name + ($0.lines.isEmpty ? "" : ":" + $0.lines.joined(separator: ", ")) + "]" }
    }

    /// An edit's text without "(under otherwise)": its place says more.
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: " (under otherwise)", with: "")
    }

    static func heading(_ c: GuidelineReview.CodeReview) -> String {
        switch (c.oldStrength, c.newStrength) {
        case let (a?, b?) where a != b: return "\(c.code)  (\(a) → \(b))"
        case let (nil, b?): return "\(c.code)  (new code, \(b))"
        case let (a?, nil): return "\(c.code)  (removed code, was \(a))"
        case let (_, b?): return "\(c.code)  (\(b))"
        default: return c.code
        }
    }

    /// `path:line:column` as `file:line`.
    static func shortLocation(_ s: String) -> String {
        let parts = s.split(separator: ":")
        guard parts.count >= 3 else { return s }
        let path = parts.dropLast(2).joined(separator: ":")
        return "\(path.split(separator: "/").last.map(String.init) ?? path):\(parts[parts.count - 2])"
    }
}

extension String {
    /// The text without trailing spaces (`" ∧ "` → `" ∧"`).
    var trimmingTrailingSpace: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// Case counts for the review: how many cases change, per code and kind of change, with a
/// few example cases and, for incomplete cases, the inputs that would place them. Kept as
/// counts, so a million cases take no more memory than a few.
public struct CaseTally {
    struct Key: Hashable {
        let code: String
        let kind: GuidelineReview.ChangeKind
    }
    struct Count {
        var cases = 0
        var incomplete = 0
        var examples: [String] = []
        var deciding: Set<String> = []
    }
    static let examplesKept = 3

    public private(set) var total = 0
    public private(set) var changed = 0
    public private(set) var incomplete = 0
    var perCode: [Key: Count] = [:]

    public init() {}

    public mutating func add(_ id: String, _ kinds: [(code: String, kind: GuidelineReview.ChangeKind)], complete: Bool,
                      placements: [GuidelineReview.Placement]) {
        total += 1
        if !complete { incomplete += 1 }
        if !kinds.isEmpty { changed += 1 }
        for (code, kind) in kinds {
            var c = perCode[Key(code: code, kind: kind), default: Count()]
            c.cases += 1
            if c.examples.count < CaseTally.examplesKept { c.examples.append(id) }
            if !complete {
                c.incomplete += 1
                for p in placements where p.code == code { c.deciding.formUnion(p.deciding) }
            }
            perCode[Key(code: code, kind: kind)] = c
        }
    }

    /// A case's outcome as items: each code with its strength, or undetermined.
    public static func items(_ r: CaseReport) -> Set<GuidelineDiff.Item> {
        Set(r.recommendations.map { GuidelineDiff.Item.of(code: $0.code, status: $0.strength.rawValue) }
            + r.undetermined.map { GuidelineDiff.Item.of(code: $0.code, status: "undetermined") })
    }

    /// `12 of 62 cases, e.g. a, b, c; 2 incomplete, placed by size` (or `none of 62 cases`).
    func describe(_ code: String, _ kind: GuidelineReview.ChangeKind) -> String {
        guard let c = perCode[Key(code: code, kind: kind)], c.cases > 0 else { return "none of \(total) cases" }
        var s = "\(c.cases) of \(total) case\(total == 1 ? "" : "s"), e.g. " + c.examples.joined(separator: ", ")
        if c.incomplete > 0 {
            s += "; \(c.incomplete) incomplete" + (c.deciding.isEmpty ? "" : ", placed by " + c.deciding.sorted().joined(separator: ", "))
        }
        return s
    }

    /// How each code's item changes between two outcomes of one case.
    public static func kinds(_ a: CaseReport, _ b: CaseReport, _ pa: Program, _ pb: Program) -> [(code: String, kind: GuidelineReview.ChangeKind)] {
        func status(_ r: CaseReport) -> [String: UInt8] {
            var s: [String: UInt8] = [:]
            for x in r.undetermined { s[x.code] = 1 }
            for x in r.recommendations { s[x.code] = 2 }
            return s
        }
        return kinds(status(a), status(b), pa, pb)
    }

    /// The same from each code's status (0 not made, 1 undetermined, 2 made) per revision.
    public static func kinds(_ sa: [String: UInt8], _ sb: [String: UInt8], _ pa: Program, _ pb: Program) -> [(code: String, kind: GuidelineReview.ChangeKind)] {
        var codes = pa.recommendations.map(\.code)
        for r in pb.recommendations where !codes.contains(r.code) { codes.append(r.code) }
        return codes.compactMap { code in
            let x = pa.recommendation(code: code).map { pa.recommendations[$0].strength }
            let y = pb.recommendation(code: code).map { pb.recommendations[$0].strength }
            let differs = x != nil && y != nil && x != y
            return GuidelineReview.ChangeKind.of(sa[code] ?? 0, sb[code] ?? 0, strengthDiffers: differs).map { (code, $0) }
        }
    }
}

