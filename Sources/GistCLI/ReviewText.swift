import Foundation
import Gist
import GistIO

/// The text layout of a revision review (`gist diff`'s default): declarations, edits, then
/// per code its changes as short covers.
enum ReviewText {
    /// The widest line the review writes (longer conditions wrap at their `∧`).
    static let width = 120

    static func render(_ r: GuidelineReview, old: String, new: String, cases: CaseTally?) -> String {
        var out = "--- \(old)\n+++ \(new)\n"
        func add(_ first: String, _ parts: [String], separator: String, indent: Int) {
            for line in wrap(first, parts, separator: separator, indent: indent) { out += line + "\n" }
        }
        if r.approximate {
            out += "note: some conditions compare inputs with each other or computed values; changes that depend on them\n"
            out += "may be missing here — compare on --cases to see them\n"
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
            if !added.isEmpty { add("  added (acting through the edits that use them): ", added, separator: ", ", indent: 4) }
            if !removed.isEmpty { add("  removed: ", removed, separator: ", ", indent: 4) }
            for e in r.edits where !declared.contains(where: { $0.edit.text == e.edit.text && $0.edit.location == e.edit.location }) {
                let effect = e.codes.isEmpty ? ["no effect on any case"] : e.codes
                add("  [\(shortLocation(e.edit.location))] \(e.edit.text) — " + (e.codes.isEmpty ? "" : "changes "), effect, separator: ", ", indent: 6)
            }
        }
        if r.codes.isEmpty {
            out += "\nno recommendation changes for any case\n"
            return out
        }
        out += "\nchanges by code:\n"
        for c in r.codes {
            let context = c.context.map(r.text)
            out += "\n"
            add(heading(c) + (context.isEmpty ? "" : ", where "), context, separator: " ∧ ", indent: 4)
            for s in c.sections {
                var label = s.kind.rawValue
                if let cases, let n = cases.perCode[c.code]?[s.kind], n > 0 { label += " (\(n) of \(cases.total) cases)" }
                let terms = s.terms.map { t in t.filter { !c.context.contains($0) }.map(r.text) }
                if terms.count == 1 {
                    add("  \(label): ", terms[0].isEmpty ? ["everywhere here"] : terms[0], separator: " ∧ ", indent: 6)
                } else {
                    out += "  \(label), where any of:\n"
                    for t in terms { add("    · ", t.isEmpty ? ["everywhere here"] : t, separator: " ∧ ", indent: 6) }
                }
            }
        }
        return out
    }

    /// `head: a, b, c` as the head and its list (a line without a list is all head).
    static func splitList(_ line: String) -> (String, [String]) {
        guard let colon = line.range(of: ": "), line.contains(", ") else { return (line, []) }
        let head = String(line[..<colon.upperBound])
        return (head, line[colon.upperBound...].components(separatedBy: ", "))
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
        var fresh = true
        for (k, part) in parts.enumerated() {
            let piece = part + (k + 1 < parts.count ? separator.trimmingTrailingSpace : "")
            if !fresh && line.count + 1 + piece.count > width {
                lines.append(line)
                line = String(repeating: " ", count: indent) + piece
            } else {
                line += (fresh ? "" : " ") + piece
            }
            fresh = false
        }
        lines.append(line)
        return lines
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

/// Case counts for the review: how many cases change, per code and kind of change.
struct CaseTally {
    var total = 0
    var changed = 0
    var incomplete = 0
    var perCode: [String: [GuidelineReview.ChangeKind: Int]] = [:]

    init() {}

    init(_ changes: [DiffCommand.CaseChange]) {
        for c in changes { add(c.kinds, incomplete: c.note != nil) }
    }

    mutating func add(_ kinds: [(code: String, kind: GuidelineReview.ChangeKind)], incomplete: Bool) {
        total += 1
        if incomplete { self.incomplete += 1 }
        if !kinds.isEmpty { changed += 1 }
        for (code, kind) in kinds { perCode[code, default: [:]][kind, default: 0] += 1 }
    }

    /// How each code's item changes between two outcomes of one case.
    static func kinds(_ a: CaseReport, _ b: CaseReport, _ pa: Program, _ pb: Program) -> [(code: String, kind: GuidelineReview.ChangeKind)] {
        func status(_ r: CaseReport) -> [String: UInt8] {
            var s: [String: UInt8] = [:]
            for x in r.undetermined { s[x.code] = 1 }
            for x in r.recommendations { s[x.code] = 2 }
            return s
        }
        let sa = status(a), sb = status(b)
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
