import Foundation
import Gist
import GistIO

/// Text and JSON layouts of `gist diff`.
enum DiffText {
    static func cells(_ x: Double) -> String {
        if x < 1e15 { return x == x.rounded() && x >= 0 ? String(Int64(x)) : String(format: "%.0f", x) }
        return String(format: "%.3g", x)
    }

    static func render(_ d: GuidelineDiff, old: String, new: String, cases: [DiffCommand.CaseChange]?) -> String {
        var out = "--- \(old)\n+++ \(new)\n"
        if let cases {
            let changed = cases.filter(\.changed)
            out += "\(changed.count) of \(cases.count) case\(cases.count == 1 ? "" : "s") change\n"
            for c in changed {
                out += "\n\(c.id)" + (c.region.map { "  (region \($0 + 1))" } ?? (c.note.map { "  (\($0))" } ?? "")) + "\n"
                for r in c.removed { out += "  - \(r)\n" }
                for a in c.added { out += "  + \(a)\n" }
            }
            out += "\n"
        }
        // Regions come sorted by kind of change (what is removed and added), so each kind is
        // one run of regions.
        var runs: [(start: Int, regions: Int, cells: Double)] = []
        var previous: GuidelineDiff.Change?
        for (k, r) in d.regions.enumerated() {
            if let p = previous, p.removed == r.change.removed, p.added == r.change.added, let last = runs.indices.last {
                runs[last].regions += 1
                runs[last].cells += r.cells
            } else {
                runs.append((k, 1, r.cells))
            }
            previous = r.change
        }
        out += (d.approximate ? "APPROXIMATE (see the note below)" : "exact") + ", over all complete cases: \(d.regions.count) region\(d.regions.count == 1 ? "" : "s") in \(runs.count) kind\(runs.count == 1 ? "" : "s") of change; \(cells(d.changedCells)) of \(cells(d.totalCells)) cells\n"
        if d.approximate {
            out += "note: some conditions could not be decided exactly; changes that depend on them may be missing here — compare on --cases to see them\n"
            if !d.undecided.isEmpty { out += "changed conditions not decided:\n" + d.undecided.map { "  \($0.description)\n" }.joined() }
        }
        for (kind, run) in runs.enumerated() {
            let first = d.regions[run.start].change
            out += "\nchange \(kind + 1)  (\(run.regions) region\(run.regions == 1 ? "" : "s"), \(cells(run.cells)) cell\(run.cells == 1 ? "" : "s"))\n"
            for i in first.removed { out += "  - \(i.description)\n" }
            for i in first.added { out += "  + \(i.description)\n" }
            for k in run.start..<(run.start + run.regions) {
                let r = d.regions[k]
                out += "  region \(k + 1)  (\(cells(r.cells)) cell\(r.cells == 1 ? "" : "s")): "
                out += r.text + "\n"
                if let w = d.witness(r) { out += "    e.g. \(w)\n" }
                for s in r.change.shown { out += "    \(s)\n" }
            }
        }
        if !d.declarationChanges.isEmpty {
            out += "\ndeclarations:\n"
            for c in d.declarationChanges { out += "  \(c)\n" }
        }
        return out
    }

    /// The diff as one JSON object; with --cases its last field, `cases`, is streamed after it
    /// (each case by `json(_:)`).
    static func json(_ d: GuidelineDiff, review: GuidelineReview?, old: String, new: String, asOf: String? = nil) -> String {
        func items(_ xs: [GuidelineDiff.Item]) -> String {
            JSONText.array(xs.map { JSONText.object([("code", JSONText.string($0.code)), ("status", JSONText.string($0.status))]) })
        }
        var pairs: [(String, String)] = [
            ("old", JSONText.string(old)), ("new", JSONText.string(new)),
        ] + (asOf.map { [("as_of", JSONText.string($0))] } ?? []) + [
            ("cells", JSONText.object([("total", cells(d.totalCells)), ("changed", cells(d.changedCells))])),
            ("complete", d.exceeded ? "false" : "true"),
            ("approximate", d.approximate ? "true" : "false"),
            ("undecided", JSONText.array(d.undecided.map { u in
                JSONText.object([("revision", JSONText.string(u.revision == 0 ? "old" : "new")), ("line", "\(u.range.line)"),
                                 ("condition", JSONText.string(u.source)), ("codes", JSONText.array(u.codes.map(JSONText.string)))])
            })),
            ("regions", JSONText.array(d.regions.enumerated().map { k, r in
                JSONText.object([
                    ("region", "\(k + 1)"),
                    ("conditions", JSONText.array(r.conditions.map(JSONText.string))),
                    ("cells", cells(r.cells)),
                    ("witness", d.witness(r).map(JSONText.string) ?? "null"),
                    ("removed", items(r.change.removed)),
                    ("added", items(r.change.added)),
                    ("shown", JSONText.array(r.change.shown.map(JSONText.string))),
                ])
            })),
            ("declarations", JSONText.array(d.declarationChanges.map(JSONText.string))),
        ]
        if let review { pairs.append(("review", ReviewJSON.object(review))) }
        return JSONText.object(pairs)
    }

    /// One compared case, an element of the JSON's `cases`.
    static func json(_ c: DiffCommand.CaseChange) -> String {
        JSONText.object([
            ("id", JSONText.string(c.id)), ("changed", c.changed ? "true" : "false"),
            ("removed", JSONText.array(c.removed.map(JSONText.string))),
            ("added", JSONText.array(c.added.map(JSONText.string))),
            ("region", c.region.map { "\($0 + 1)" } ?? "null"),
            ("complete", c.complete ? "true" : "false"),
            ("placements", JSONText.array(c.placements.map { p in
                JSONText.object([
                    ("code", JSONText.string(p.code)), ("kind", JSONText.string(p.kind.rawValue)),
                    ("terms", JSONText.array(p.terms.map { "\($0 + 1)" })),
                    ("deciding", JSONText.array(p.deciding.map(JSONText.string))),
                ])
            })),
        ])
    }
}
