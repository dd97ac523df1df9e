import Gist
import GistIO

/// The review in `gist diff --format json` (the `review` field; docs/formats.md).
enum ReviewJSON {
    static func object(_ r: GuidelineReview) -> String {
        func term(_ t: CoverTerm) -> String { JSONText.array(r.parts(t).map(JSONText.string)) }
        return JSONText.object([
            ("declarations", JSONText.array(r.declarations.map(JSONText.string))),
            ("edits", JSONText.array(r.edits.map { e in
                JSONText.object([
                    ("edit", JSONText.string(e.edit.text)),
                    ("location", JSONText.string(e.edit.location)),
                    ("codes", JSONText.array(e.codes.map(JSONText.string))),
                ])
            })),
            ("codes", JSONText.array(r.codes.map { c in
                JSONText.object([
                    ("code", JSONText.string(c.code)),
                    ("old_strength", c.oldStrength.map(JSONText.string) ?? "null"),
                    ("new_strength", c.newStrength.map(JSONText.string) ?? "null"),
                    ("context", term(c.context)),
                    ("changes", JSONText.array(c.sections.map { s in
                        JSONText.object([
                            ("kind", JSONText.string(s.kind.rawValue)),
                            ("terms", JSONText.array(r.exactTerms(s).map { term($0.filter { !c.context.contains($0) }) })),
                            ("within", JSONText.array(s.terms.map { term($0.filter { !c.context.contains($0) }) })),
                            ("except", JSONText.array(s.except.map { term($0.filter { !c.context.contains($0) }) })),
                            ("cells", DiffText.cells(s.cells)),
                        ])
                    })),
                ])
            })),
        ])
    }
}
