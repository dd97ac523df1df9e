/// The result of one case in a format-neutral shape: what `gist run` writes, what scripts
/// compare, what diffs speak of. Codes identify; texts and citations travel along.
public struct CaseReport: Sendable {
    public struct Made: Sendable, Equatable {
        public let code: String
        public let strength: Strength
        public let text: String
        public let citation: String
        public let source: String
        /// The `because "…"` reasons on the way to it; filled when the case is explained.
        public var reasons: [String] = []
        /// Its evidence grades, as declared.
        public var evidence: [EvidenceGrade] = []
    }
    public struct Undetermined: Sendable, Equatable {
        public let code: String
        /// Names of the inputs that would decide it.
        public let needs: [String]
        /// When no input is missing: why a value it depends on is undetermined (a division by
        /// zero, a table with no matching row or several). Empty otherwise.
        public var causes: [String] = []
    }
    /// One condition in an explanation, with the case's values of what it reads.
    public struct Reason: Sendable, Equatable {
        public let condition: String
        /// "true", "false" or "unknown": how the step came out on this case (for a negated
        /// step, the negation: `shown`).
        public let holds: String
        /// How `condition` as written came out: a negated step's condition is false when the
        /// step holds.
        public var conditionHolds: String {
            guard negated else { return holds }
            return holds == "true" ? "false" : holds == "false" ? "true" : holds
        }
        public let negated: Bool
        public let location: String
        public let values: [(name: String, value: String)]
        /// For a branch of a sub-pathway: the uses it stands in (`Branch.viaDescription`).
        public var via: String = ""
        /// The branch's `because "…"`, if it has one.
        public var because: String? = nil
        /// The computed values the condition reads, with what they were computed from.
        public var computed: [ComputedValue] = []
        /// The condition (negated where it had to fail) with the values it read after their names.
        public var shown: String { ConditionText.shown(condition, negated: negated, values: values) }
        public static func == (a: Reason, b: Reason) -> Bool {
            a.condition == b.condition && a.holds == b.holds && a.negated == b.negated && a.location == b.location
                && a.via == b.via && a.because == b.because && a.computed == b.computed
                && a.values.map(\.name) == b.values.map(\.name) && a.values.map(\.value) == b.values.map(\.value)
        }
    }

    public let id: String
    public let location: RecordLocation?
    public let recommendations: [Made]
    public let undetermined: [Undetermined]
    /// Per code, the chain of conditions; present when an explanation was asked for.
    public let explanation: [String: [Reason]]?
    /// The evaluation date (`YYYY-MM-DD`) the case was evaluated on, when the guideline reads
    /// `today`: written with every result so that the run can be reproduced (`--as-of`).
    public var asOf: String? = nil

    public var recommendedCodes: [String] { recommendations.map(\.code) }
    public var undeterminedCodes: [String] { undetermined.map(\.code) }
}

extension Evaluator {
    /// Evaluates a bound case into a report, with explanations if asked.
    public func report(id: String, location: RecordLocation? = nil, inputs: [Value], explain: Bool = false) -> CaseReport {
        if explain {
            let (o, paths) = self.explain(inputs)
            return makeReport(id: id, location: location, outcome: o, paths: paths, reasons: reasons(inputs))
        }
        return makeReport(id: id, location: location, outcome: evaluate(inputs), paths: nil)
    }

    public func makeReport(id: String, location: RecordLocation?, outcome o: Outcome, paths: [Int: [Step]]?,
                           reasons: [Int: [String]] = [:]) -> CaseReport {
        let p = program
        let made = o.recommended.map { i -> CaseReport.Made in
            let r = p.recommendations[i]
            return CaseReport.Made(code: r.code, strength: r.strength, text: r.text, citation: r.citation, source: r.source,
                                   reasons: reasons[i] ?? [], evidence: r.evidence)
        }
        // Only the tree evaluator's outcome carries the values the causes are read from.
        let causes = o.undetermined.contains { $0.needs.isEmpty } && !o.values.isEmpty ? undeterminedCauses(o.values) : []
        let und = o.undetermined.map { u in
            var entry = CaseReport.Undetermined(code: p.recommendations[u.code].code, needs: u.needs.map { p.inputs[$0].name })
            if u.needs.isEmpty { entry.causes = causes }
            return entry
        }
        var explanation: [String: [CaseReport.Reason]]?
        if let paths {
            var ex: [String: [CaseReport.Reason]] = [:]
            for (code, steps) in paths {
                ex[p.recommendations[code].code] = steps.map { s in
                    CaseReport.Reason(condition: s.branch.source, holds: describe(s.truth), negated: s.negated,
                                      location: s.branch.range.description,
                                      values: s.values.map { (p.slotName($0.slot), p.formatSlot($0.slot, $0.value)) },
                                      via: s.branch.viaDescription,
                                      because: s.negated ? nil : s.branch.because,
                                      computed: p.computedValues(read: Set(s.values.map(\.slot)), in: o.values))
                }
            }
            explanation = ex
        }
        var report = CaseReport(id: id, location: location, recommendations: made, undetermined: und, explanation: explanation)
        report.asOf = p.evaluationDate
        return report
    }

    func describe(_ t: Truth) -> String {
        switch t {
        case .yes: return "true"
        case .no: return "false"
        case .unknown: return "unknown"
        }
    }
}
