import Gist

/// Why a code was *not* recommended: every way the pathway can reach a `recommend` of it,
/// with each condition on the way and how it came out on the case. The evaluator explains
/// only what was made or undetermined; this walks the pathway for the rest.
enum WhyNot {
    /// A condition on the way to a `recommend`; `negated` for the earlier alternatives of a
    /// `first`, which must fail.
    struct Step {
        let branch: Branch
        let negated: Bool
    }

    static func lines(code: Int, values: [Value], _ evaluator: Evaluator) -> String {
        let p = evaluator.program
        var found: [[Step]] = []
        collect(code, p.pathway, [], &found)
        if found.isEmpty { return "  no rule of the pathway recommends it\n" }
        var out = ""
        for (n, path) in found.enumerated() {
            if found.count > 1 { out += "  way \(n + 1):\n" }
            let indent = found.count > 1 ? "    " : "  "
            if path.isEmpty { out += indent + "(at the top of the pathway)\n" }
            var explained = Set<String>()
            for step in path {
                guard let cond = step.branch.condition else { continue }
                var truth = Truth(evaluator.value(of: cond, in: values))
                if step.negated { truth = !truth }
                let text = ConditionText.shown(step.branch.source, negated: step.negated, values: p.shownValues(cond.slots, values))
                let mark = truth == .yes ? "" : truth == .no ? " [false]" : " [unknown]"
                out += indent + "\(step.branch.range)\(step.branch.viaDescription): \(text)\(mark)\n"
                for c in p.computedValues(read: cond.slots, in: values) where explained.insert(c.name).inserted { out += indent + "  where \(c.text)\n" }
            }
        }
        return out
    }

    static func collect(_ code: Int, _ nodes: [PathNode], _ prefix: [Step], _ found: inout [[Step]]) {
        for node in nodes {
            switch node {
            case .recommend(let codes, _):
                if codes.contains(code) { found.append(prefix) }
            case .when(let b, let body):
                collect(code, body, prefix + [Step(branch: b, negated: false)], &found)
            case .first(let alternatives, let otherwise):
                var earlier: [Step] = []
                for (b, body) in alternatives {
                    collect(code, body, prefix + earlier + [Step(branch: b, negated: false)], &found)
                    earlier.append(Step(branch: b, negated: true))
                }
                if let (_, body) = otherwise { collect(code, body, prefix + earlier, &found) }
            }
        }
    }
}
