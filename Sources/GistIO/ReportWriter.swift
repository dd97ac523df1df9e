import Gist

/// Machine formats for `gist run` results. The schemas are documented in docs/formats.md and
/// are an exchange format: fields are added, never renamed.
public enum ReportFormat: String, Sendable, CaseIterable {
    case json, jsonl, csv
}

public enum ReportWriter {
    /// One case as a JSON object: `id`, `recommendations`, `undetermined`, and `explanation`
    /// when it was computed.
    public static func jsonObject(_ r: CaseReport, extra: (String, String)? = nil) -> String {
        var pairs: [(String, String)] = [
            ("id", JSONText.string(r.id)),
        ] + (r.asOf.map { [("as_of", JSONText.string($0))] } ?? []) + [
            ("recommendations", JSONText.array(r.recommendations.map { m in
                var fields = recommendationFields(code: m.code, strength: m.strength, text: m.text, citation: m.citation,
                                                  source: m.source, evidence: m.evidence)
                // Reasons depend on the path taken, which only an explanation follows.
                if r.explanation != nil { fields.append(("reasons", JSONText.array(m.reasons.map(JSONText.string)))) }
                return JSONText.object(fields)
            })),
            ("undetermined", JSONText.array(r.undetermined.map { u in
                var fields = [("code", JSONText.string(u.code)), ("needs", JSONText.array(u.needs.map(JSONText.string)))]
                // Only when no input is missing (so `needs` is empty): the fast writer never has them.
                if !u.causes.isEmpty { fields.append(("causes", JSONText.array(u.causes.map(JSONText.string)))) }
                return JSONText.object(fields)
            })),
        ]
        if let ex = r.explanation {
            pairs.append(("explanation", JSONText.object(ex.keys.sorted().map { code in
                (code, JSONText.array((ex[code] ?? []).map { reason in
                    var fields = [
                        ("condition", JSONText.string(reason.condition)),
                        ("holds", JSONText.string(reason.conditionHolds)),
                        ("negated", reason.negated ? "true" : "false"),
                        ("location", JSONText.string(reason.location)),
                        ("values", JSONText.object(reason.values.map { ($0.name, JSONText.string($0.value)) })),
                    ]
                    if !reason.via.isEmpty { fields.append(("via", JSONText.string(String(reason.via.drop(while: { $0 == " " }))))) }
                    if let b = reason.because { fields.append(("because", JSONText.string(b))) }
                    // Added fields: the text explanation's wording and its `where` lines.
                    fields.append(("shown", JSONText.string(reason.shown)))
                    if !reason.computed.isEmpty {
                        fields.append(("where", JSONText.array(reason.computed.map { c in
                            JSONText.object([("name", JSONText.string(c.name)), ("value", JSONText.string(c.value)),
                                             ("formula", JSONText.string(c.formula))])
                        })))
                    }
                    return JSONText.object(fields)
                }))
            })))
        }
        if let extra { pairs.append(extra) }
        return JSONText.object(pairs)
    }

    /// A made recommendation's fixed fields: code, strength, text, citation, source, and
    /// `evidence` when it carries grades (`[{"scheme":"esmo","values":{"level":"I","grade":"A"}}]`).
    static func recommendationFields(code: String, strength: Strength, text: String, citation: String, source: String,
                                     evidence: [EvidenceGrade]) -> [(String, String)] {
        var fields = [
            ("code", JSONText.string(code)),
            ("strength", JSONText.string(strength.rawValue)),
            ("text", JSONText.string(text)),
            ("citation", JSONText.string(citation)),
            ("source", JSONText.string(source)),
        ]
        if !evidence.isEmpty {
            fields.append(("evidence", JSONText.array(evidence.map { g in
                JSONText.object([
                    ("scheme", JSONText.string(g.scheme)),
                    ("values", JSONText.object(g.values.map { ($0.dimension, JSONText.string($0.value)) })),
                ])
            })))
        }
        return fields
    }

    public static let csvHeader = "id,status,code,strength,needs,evidence"

    /// The header of a run's CSV output: a run that depends on the evaluation date has an
    /// `as_of` column last.
    public static func csvHeader(dated: Bool) -> String { dated ? csvHeader + ",as_of" : csvHeader }

    /// Long format: one row per (case, code); a case with no result gets one row with status
    /// `none`, so every evaluated case appears.
    public static func csvRows(_ r: CaseReport) -> [String] {
        var rows: [[String]] = []
        for m in r.recommendations { rows.append([r.id, "recommended", m.code, m.strength.rawValue, "", m.evidence.text]) }
        for u in r.undetermined { rows.append([r.id, "undetermined", u.code, "", u.needs.joined(separator: ";"), ""]) }
        if rows.isEmpty { rows.append([r.id, "none", "", "", "", ""]) }
        return rows.map { row in (row + (r.asOf.map { [$0] } ?? [])).map(csvField).joined(separator: ",") }
    }

    /// A cell, quoted when needed. A cell a spreadsheet would take for a formula (starting with
    /// `=`, `+`, `-`, `@`, tab or CR, and not a number) gets a leading `'` (OWASP's rule against
    /// CSV injection): ids come from the records, which anyone may have written.
    static func csvField(_ s: String) -> String {
        var s = s
        if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(s) == nil { s = "'" + s }
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// A whole output document for the given reports.
    /// `extra`: an additional field per case id (e.g. `whyNot`), appended last.
    public static func document(_ reports: [CaseReport], format: ReportFormat, extra: [String: (String, String)] = [:]) -> String {
        switch format {
        case .json:
            if reports.isEmpty { return "[]\n" }
            return "[\n" + reports.map { "  " + jsonObject($0, extra: extra[$0.id]) }.joined(separator: ",\n") + "\n]\n"
        case .jsonl:
            return reports.map { jsonObject($0, extra: extra[$0.id]) + "\n" }.joined()
        case .csv:
            return ([csvHeader(dated: reports.first?.asOf != nil)] + reports.flatMap(csvRows)).joined(separator: "\n") + "\n"
        }
    }
}

extension String {
    func replacingOccurrences(of a: String, with b: String) -> String {
        guard !a.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: a) {
            out += rest[..<r.lowerBound]
            out += b
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
