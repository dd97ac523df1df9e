import Gist

/// The committee report (`gist diff --format markdown|html`): the review's parts in the
/// order a committee reads them — declarations, edits, per-code changes, the cohort table
/// (with --cases) and the new revision's flowchart with the edited branches marked. Both
/// formats are written from this one outline, so they say the same.
public struct ReviewReport {
    public struct CodeSection {
        public let heading: String
        public let context: String?
        /// Per kind of change: its label (with case counts), its terms (any may hold) and its
        /// exceptions (none may), with what the exceptions are.
        public let changes: [(label: String, terms: [String], except: [String], exceptMeaning: String)]
    }

    public let title: String
    public let declarations: [String]
    /// Edits as (where, what, codes changed — empty for none).
    public let edits: [(location: String, text: String, codes: [String])]
    public let codes: [CodeSection]
    /// Cohort rows: code, kind of change, cases, examples (with --cases).
    public let cohort: [(code: String, kind: String, cases: String, examples: String)]?
    /// The new revision's branches the edits touch (to mark in the flowchart).
    public let editedBranches: Set<Int>
    /// The evaluation date the cases were compared on, when a revision reads `today`.
    public let asOf: String?

    public init(_ r: GuidelineReview, old: String, new: String, cases: CaseTally?, asOf: String? = nil) {
        self.asOf = asOf
        title = "\(old) → \(new)"
        declarations = r.declarationSummary
        edits = r.edits.map { (ReviewText.shortLocation($0.edit.location), $0.edit.text, $0.codes) }
        codes = r.codes.map { c in
            CodeSection(heading: ReviewText.heading(c), context: c.context.isEmpty ? nil : r.text(c.context),
                        changes: c.sections.map { s in
                            var label = s.kind.rawValue
                            if let cases { label += " (" + cases.describe(c.code, s.kind) + ")" }
                            return (label, s.terms.map { r.text($0, without: c.context) },
                                    s.except.map { r.text($0, without: c.context) }, s.kind.exceptionMeaning)
                        })
        }
        cohort = cases.map { t in
            t.perCode.keys.sorted { ($0.code, $0.kind.rawValue) < ($1.code, $1.kind.rawValue) }.compactMap { k in
                guard let c = t.perCode[k] else { return nil }
                return (k.code, k.kind.rawValue, "\(c.cases) of \(t.total)", c.examples.joined(separator: ", "))
            }
        }
        editedBranches = Set(r.edits.flatMap(\.edit.branches))
    }

    /// The flowchart's DOT with the edited branches drawn thick and red (attributes given
    /// again after a node's first statement are merged by Graphviz).
    public func markedFlowchart(_ dot: String) -> String {
        guard let end = dot.range(of: "}", options: .backwards) else { return dot }
        let marks = editedBranches.sorted().map { "  b\($0) [penwidth=3, color=\"#c0392b\", fontcolor=\"#c0392b\"]\n" }.joined()
        return String(dot[..<end.lowerBound]) + marks + String(dot[end.lowerBound...])
    }

    // MARK: Markdown

    public func markdown() -> String {
        func code(_ s: String) -> String { "`" + s.replacingOccurrences(of: "`", with: "'") + "`" }
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out = "# Revision review: \(title)\n"
        if let asOf { out += "\nCases evaluated as of \(asOf).\n" }
        if !declarations.isEmpty {
            out += "\n## Declarations\n\n" + declarations.map { "- \($0)\n" }.joined()
        }
        if !edits.isEmpty {
            out += "\n## Edits\n\n| Where | Edit | Changes |\n|---|---|---|\n"
            for e in edits {
                out += "| \(e.location) | \(cell(e.text)) | \(e.codes.isEmpty ? "no effect on any case" : e.codes.joined(separator: ", ")) |\n"
            }
        }
        out += "\n## Changes by code\n"
        if codes.isEmpty { out += "\nNo recommendation changes for any case.\n" }
        for c in codes {
            out += "\n### \(c.heading)\n\n"
            if let context = c.context { out += "Where \(code(context)):\n\n" }
            for (label, terms, except, meaning) in c.changes {
                out += "- **\(label)**, where any of:\n" + terms.map { "  - \(code($0))\n" }.joined()
                if !except.isEmpty {
                    out += "- except \(meaning), any of:\n" + except.map { "  - \(code($0))\n" }.joined()
                }
            }
        }
        if let cohort {
            out += "\n## Cohort\n\n| Code | Change | Cases | For example |\n|---|---|---|---|\n"
            out += cohort.map { "| \($0.code) | \($0.kind) | \($0.cases) | \($0.examples) |\n" }.joined()
        }
        return out
    }

    // MARK: HTML

    /// One self-contained page: inline style, the flowchart as inline SVG (or a note when it
    /// could not be drawn), no scripts, nothing fetched.
    public func html(svg: String?, note: String? = nil) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var out = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Revision review: \(esc(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; }
        h1 { font-size: 1.5em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
        table { border-collapse: collapse; } td:first-child { white-space: nowrap; } td, th { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
        code { background: #f4f4f4; padding: 0 0.2em; } .idle { color: #777; } .context { color: #555; }
        section.code { margin-bottom: 1.2em; } .flowchart svg { max-width: 100%; height: auto; }
        </style></head><body>
        <h1>Revision review: \(esc(title))</h1>\(asOf.map { "\n<p>Cases evaluated as of \(esc($0)).</p>" } ?? "")

        """
        if !declarations.isEmpty {
            out += "<h2 id=\"declarations\">Declarations</h2>\n<ul>\n" + declarations.map { "<li>\(esc($0))</li>\n" }.joined() + "</ul>\n"
        }
        if !edits.isEmpty {
            out += "<h2 id=\"edits\">Edits</h2>\n<table><tr><th>Where</th><th>Edit</th><th>Changes</th></tr>\n"
            for e in edits {
                out += "<tr><td>\(esc(e.location))</td><td><code>\(esc(e.text))</code></td>"
                out += e.codes.isEmpty ? "<td class=\"idle\">no effect on any case</td></tr>\n" : "<td>\(esc(e.codes.joined(separator: ", ")))</td></tr>\n"
            }
            out += "</table>\n"
        }
        out += "<h2 id=\"codes\">Changes by code</h2>\n"
        if codes.isEmpty { out += "<p>No recommendation changes for any case.</p>\n" }
        for c in codes {
            out += "<section class=\"code\"><h3>\(esc(c.heading))</h3>\n"
            if let context = c.context { out += "<p class=\"context\">Where <code>\(esc(context))</code>:</p>\n" }
            out += "<ul>\n"
            for (label, terms, except, meaning) in c.changes {
                out += "<li><strong>\(esc(label))</strong>, where any of:<ul>" + terms.map { "<li><code>\(esc($0))</code></li>" }.joined() + "</ul>"
                if !except.isEmpty {
                    out += "except \(esc(meaning)), any of:<ul class=\"except\">" + except.map { "<li><code>\(esc($0))</code></li>" }.joined() + "</ul>"
                }
                out += "</li>\n"
            }
            out += "</ul></section>\n"
        }
        if let cohort {
            out += "<h2 id=\"cohort\">Cohort</h2>\n<table><tr><th>Code</th><th>Change</th><th>Cases</th><th>For example</th></tr>\n"
            out += cohort.map { "<tr><td>\(esc($0.code))</td><td>\(esc($0.kind))</td><td>\(esc($0.cases))</td><td>\(esc($0.examples))</td></tr>\n" }.joined()
            out += "</table>\n"
        }
        out += "<h2 id=\"flowchart\">Flowchart of the new revision</h2>\n<p>Edited branches are drawn in red.</p>\n"
        if let svg, let start = svg.range(of: "<svg") {
            out += "<div class=\"flowchart\">\n" + svg[start.lowerBound...] + "</div>\n"
        } else {
            out += "<p class=\"idle\">\(esc(note ?? "The flowchart could not be drawn."))</p>\n"
        }
        return out + "</body></html>\n"
    }
}
