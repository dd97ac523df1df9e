/// Evidence grading: the schemes a guideline declares and the grades its recommendations carry.
extension Checker {
    mutating func declareEvidenceScheme(_ d: EvidenceSchemeDecl) {
        if let prev = evidenceSchemes.first(where: { $0.name == d.name.text }) {
            reportClash(.duplicateDeclaration, "evidence scheme '\(d.name.text)'", d.name.span, first: prev.range)
            return
        }
        var dimensions: [EvidenceScheme.Dimension] = []
        for dim in d.dimensions {
            if dimensions.contains(where: { $0.name == dim.name.text }) {
                report(.duplicateDeclaration, "scheme '\(d.name.text)' already has a dimension '\(dim.name.text)'", dim.name.span)
                continue
            }
            var values: [String] = []
            for v in dim.values {
                if values.contains(v.text) {
                    report(.duplicateMember, "'\(v.text)' is listed twice in '\(dim.name.text)'", v.span)
                } else { values.append(v.text) }
            }
            dimensions.append(.init(name: dim.name.text, values: values))
        }
        evidenceSchemes.append(EvidenceScheme(name: d.name.text, dimensions: dimensions, range: range(d.name.span)))
    }

    /// A recommendation's `evidence SCHEME [values]`: the scheme must be declared and each value
    /// one of its dimension's, one value per dimension.
    mutating func checkEvidence(_ e: EvidenceClause, of code: String) -> EvidenceGrade? {
        guard let scheme = evidenceSchemes.first(where: { $0.name == e.scheme.text }) else {
            report(.unknownEvidenceScheme, "unknown evidence scheme '\(e.scheme.text)'", e.scheme.span,
                   notes: evidenceSchemes.isEmpty
                       ? [.text("declare it: evidence \(e.scheme.text) { level I | II | III }")]
                       : suggestion(e.scheme.text, evidenceSchemes.map(\.name)))
            return nil
        }
        guard e.values.count == scheme.dimensions.count else {
            let names = scheme.dimensions.map(\.name).joined(separator: ", ")
            report(.unknownGrade, "scheme '\(scheme.name)' grades by \(scheme.dimensions.count) (\(names)); '\(code)' gives \(e.values.count) value\(e.values.count == 1 ? "" : "s")",
                   e.span)
            return nil
        }
        var ok = true
        for (v, dim) in zip(e.values, scheme.dimensions) where !dim.values.contains(v.text) {
            report(.unknownGrade, "'\(v.text)' is not a \(dim.name) of scheme '\(scheme.name)' (\(dim.values.joined(separator: ", ")))", v.span)
            ok = false
        }
        guard ok else { return nil }
        return EvidenceGrade(scheme: scheme.name, values: zip(scheme.dimensions, e.values).map { ($0.name, $1.text) })
    }
}
