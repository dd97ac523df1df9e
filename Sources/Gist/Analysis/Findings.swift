/// Static analysis of a checked guideline over its whole input space (within the inputs'
/// declared ranges): table overlaps, gaps and shadowed rows; branches and recommendations no
/// case can reach; regions where the pathway recommends nothing; conflicts between codes
/// declared exclusive. Every finding carries a witness: a concrete case, written as a script
/// `case` statement.
public enum Findings {
    /// How many regions a finding lists before summarising the rest.
    public static let regionsShown = 5
    /// Error findings a pragma may silence (with a reason).
    public static let silenceableErrors: Set<String> = ["table-overlap", "exclusive-conflict"]

    public static func analyse(_ p: Program, nodeLimit: Int = 4_000_000) -> [Diagnostic] {
        let space = Space([p])
        let store = DiagramStore(space: space, order: space.analysisOrder())
        store.nodeLimit = nodeLimit
        let d = DiagramCompiler.compile(store: store, program: 0)
        var out: [Diagnostic] = []
        func witness(_ f: Int, _ name: String) -> String? {
            guard let box = store.anyBox(f, keep: { DiagramStore.truth($0) == .yes }) else { return nil }
            return "witness: " + caseText(name, Regions.witness(box, space: space, programIndex: 0), p)
        }
        func regions(_ f: Int) -> [String] {
            let merged = store.regions(store.cover(f))
            var lines = merged.prefix(regionsShown).map { "region: " + Regions.describe($0, space: space) }
            if merged.count > regionsShown { lines.append("… and \(merged.count - regionsShown) more region\(merged.count - regionsShown == 1 ? "" : "s")") }
            return lines
        }
        func finding(_ sev: Diagnostic.Severity, _ id: String, _ msg: String, _ r: SourceRange, _ notes: [String]) {
            out.append(Diagnostic(sev, id, msg, at: r, notes: notes))
        }

        // Tables.
        for (t, table) in p.tables.enumerated() {
            let m = d.rowMatch[t]
            guard m.count == table.rows.count else { continue }
            var noneMatch = store.yes
            for x in m { noneMatch = store.and(noneMatch, store.not(x)) }
            if noneMatch != store.no {
                finding(.warning, "table-gap", "table '\(table.name)' has no row for some inputs (its value is then \(table.policy == .collect ? "the empty set" : "unknown"))", table.range,
                        regions(noneMatch) + [witness(noneMatch, "gap_\(table.name)")].compactMap { $0 })
            }
            var earlier = store.no
            for (i, row) in table.rows.enumerated() {
                if m[i] == store.no {
                    finding(.warning, "table-row-never-matches", "row \(i + 1) of table '\(table.name)' matches no input", row.range, [])
                    continue
                }
                switch table.policy {
                case .first:
                    if store.and(m[i], store.not(earlier)) == store.no {
                        finding(.warning, "table-shadowed-row", "row \(i + 1) of table '\(table.name)' is never used: earlier rows match every input it matches", row.range, [])
                    }
                case .unique:
                    for j in 0..<i {
                        let both = store.and(m[j], m[i])
                        if both != store.no {
                            finding(.error, "table-overlap", "rows \(j + 1) and \(i + 1) of table '\(table.name)' both match some inputs, but its hit policy is unique", row.range,
                                    ["row \(j + 1) is at line \(table.rows[j].range.line)"] + [witness(both, "overlap_\(table.name)_\(j + 1)_\(i + 1)")].compactMap { $0 })
                        }
                    }
                case .collect: break
                }
                earlier = store.or(earlier, m[i])
            }
        }

        // Branches. Inside a branch no case reaches, every nested branch is unreachable too:
        // only the outermost is reported.
        func walk(_ nodes: [PathNode]) {
            for n in nodes {
                switch n {
                case .when(let b, let body):
                    if d.reach[b.id] == store.no {
                        finding(.warning, "unreachable-branch", "this condition can never hold where it stands, given the conditions around it", b.range, b.useNotes)
                    } else {
                        walk(body)
                    }
                case .first(let alts, let other):
                    for (b, body) in alts {
                        if d.reach[b.id] == store.no {
                            finding(.warning, "unreachable-alternative", "this alternative of 'first' is never taken: its condition cannot hold or earlier ones always do", b.range, b.useNotes)
                        } else {
                            walk(body)
                        }
                    }
                    if let (b, body) = other {
                        if d.reach[b.id] == store.no {
                            finding(.warning, "unreachable-otherwise", "'otherwise' is never taken: the alternatives above cover every case that reaches it", b.range, b.useNotes)
                        } else {
                            walk(body)
                        }
                    }
                case .recommend: break
                }
            }
        }
        walk(p.pathway)

        // Recommendations.
        let made = p.recommendations.indices.map { c in
            store.map(d.status[c], op: store.newOp()) { t in
                if case .status(let s) = t { return .value(.bool(s == 2)) }
                return .value(.bool(false))
            }
        }
        var used = Set<Int>()
        func collectUsed(_ nodes: [PathNode]) {
            for n in nodes {
                switch n {
                case .when(_, let body): collectUsed(body)
                case .first(let alts, let other):
                    for (_, body) in alts { collectUsed(body) }
                    if let (_, body) = other { collectUsed(body) }
                case .recommend(let codes, _): used.formUnion(codes)
                }
            }
        }
        collectUsed(p.pathway)
        for (c, r) in p.recommendations.enumerated() {
            if !used.contains(c) {
                finding(.warning, "unused-recommendation", "recommendation '\(r.code)' is declared but the pathway never recommends it", r.range, [])
            } else if d.status[c] == store.terminal(.status(0)) {
                finding(.warning, "unreachable-recommendation", "no case can reach a recommendation of '\(r.code)'", r.range, [])
            }
        }

        // A pathway with nothing in it: said once, rather than as a region of every case.
        if p.pathway.isEmpty, let range = p.pathwayRange {
            finding(.warning, "empty-pathway", "the pathway is empty: no case gets a recommendation", range, [])
        }

        // Regions where nothing is recommended.
        var nothing = store.yes
        for c in made.indices { nothing = store.and(nothing, store.not(made[c])) }
        if nothing != store.no, let pathwayRange = firstRange(p) {
            finding(.warning, "no-recommendation", "for some cases the pathway recommends nothing", pathwayRange,
                    regions(nothing) + [witness(nothing, "no_recommendation")].compactMap { $0 })
        }

        // Codes declared mutually exclusive that are recommended together.
        for group in p.exclusive {
            for (k, a) in group.enumerated() {
                for b in group[(k + 1)...] {
                    let both = store.and(made[a], made[b])
                    if both != store.no {
                        finding(.error, "exclusive-conflict", "'\(p.recommendations[a].code)' and '\(p.recommendations[b].code)' are declared exclusive but are recommended together",
                                p.recommendations[b].range, regions(both) + [witness(both, "conflict_\(p.recommendations[a].code)")].compactMap { $0 })
                    }
                }
            }
        }

        if store.exceeded {
            // Findings computed past the limit would be wrong: report the limit instead.
            return [Diagnostic(.warning, "analysis-limit", "the input-space analysis stopped after \(store.sizeReached); gaps, overlaps and reachability were not checked",
                               at: firstRange(p), notes: ["the guideline's conditions combine very many inputs or thresholds; split the pathway into smaller guidelines or narrow the inputs' ranges"])] + indistinctMembers(p)
        }
        out += indistinctMembers(p)
        if store.approximate {
            // Findings over conditions the diagrams could not decide may be wrong: say so on each.
            out = out.map { d in
                var d = d
                if d.notes.contains(where: { $0.hasPrefix("witness:") || $0.hasPrefix("region:") }) || d.id.hasPrefix("unreachable") {
                    d.notes.append("approximate: some conditions are outside the analysable fragment; confirm with the witness")
                }
                return d
            }
            out.append(Diagnostic(.note, "approximate-analysis", "some conditions compare inputs with each other or with computed values; the analysis treats them as undetermined", at: firstRange(p)))
        }
        return out
    }

    static func firstRange(_ p: Program) -> SourceRange? {
        func first(_ nodes: [PathNode]) -> SourceRange? {
            for n in nodes {
                switch n {
                case .when(let b, _): return b.range
                case .first(let alts, _): if let (b, _) = alts.first { return b.range }
                case .recommend(_, let r): return r
                }
            }
            return nil
        }
        return first(p.pathway)
    }

    /// Members of an input's enum that no condition, table cell or value ever tells apart.
    static func indistinctMembers(_ p: Program) -> [Diagnostic] {
        var masks: [Int: Set<UInt64>] = [:]   // enum index -> masks used
        func note(_ e: Int, _ m: UInt64) { masks[e, default: []].insert(m) }
        func noteEach(_ e: Int) { for i in p.enums[e].members.indices { note(e, 1 << UInt64(i)) } }
        func isConstant(_ ir: IR) -> Bool { if case .constant = ir { return true } else { return false } }
        func visit(_ ir: IR, _ type: GType?) {
            switch ir {
            case .constant(.member(let m)): if case .enumeration(let e)? = type { note(e, 1 << UInt64(m)) }
            case .constant(.set(let mask)): if case .set(let e)? = type { note(e, mask) }
            case .compare(_, let a, let b):
                let t = typeOf(a, p) ?? typeOf(b, p)
                visit(a, t); visit(b, t)
                // Comparing two enum values, neither a constant, tells every member apart.
                if case .enumeration(let e)? = t, !isConstant(a), !isConstant(b) { noteEach(e) }
            case .member(let a, let b, _):
                var e: Int?
                if case .set(let x)? = typeOf(b, p) { e = x }
                if case .enumeration(let x)? = typeOf(a, p) { e = x }
                visit(a, e.map { .enumeration($0) }); visit(b, e.map { .set($0) })
                // `drug in failed` with both sides computed (not a constant member or set literal)
                // tells every member apart.
                if let e, !isConstant(a), !isConstant(b) { noteEach(e) }
            case .negate(let a), .not(let a): visit(a, nil)
            case .arith(_, let a, let b), .and(let a, let b), .or(let a, let b): visit(a, nil); visit(b, nil)
            case .conditional(let c, let a, let b): visit(c, nil); visit(a, type); visit(b, type)
            case .slot, .constant: break
            }
        }
        for d in p.derived { if case .letValue(let ir) = d.kind { visit(ir, d.type) } }
        for t in p.tables {
            for (k, c) in t.columns.enumerated() {
                visit(c, nil)
                if case .enumeration(let e) = t.columnTypes[k] {
                    for row in t.rows { if case .oneOf(let mask, _) = row.cells[k] { note(e, mask) } }
                }
            }
            if case .enumeration(let e) = t.outputType { for row in t.rows { if case .member(let m) = row.output { note(e, 1 << UInt64(m)) } } }
        }
        func walk(_ nodes: [PathNode]) {
            for n in nodes {
                switch n {
                case .when(let b, let body): if let c = b.condition { visit(c, .bool) }; walk(body)
                case .first(let alts, let other):
                    for (b, body) in alts { if let c = b.condition { visit(c, .bool) }; walk(body) }
                    if let (_, body) = other { walk(body) }
                case .recommend: break
                }
            }
        }
        walk(p.pathway)
        var out: [Diagnostic] = []
        for input in p.inputs {
            guard case .enumeration(let e) = input.type else { continue }
            let members = p.enums[e].members
            let used = masks[e] ?? []
            // Members with the same membership in every mask are never told apart.
            var classes: [String: [String]] = [:]
            var order: [String] = []
            for (i, m) in members.enumerated() {
                let sig = used.sorted().map { $0 & (1 << UInt64(i)) != 0 ? "1" : "0" }.joined()
                if classes[sig] == nil { order.append(sig) }
                classes[sig, default: []].append(m)
            }
            for sig in order { if let cls = classes[sig], cls.count > 1 {
                out.append(Diagnostic(.warning, "indistinct-members", "no condition tells \(cls.map { "'\($0)'" }.joined(separator: ", ")) of '\(input.name)' apart",
                                      at: input.range, notes: ["merge them, or add the condition that should distinguish them"]))
            } }
        }
        return out
    }

    static func typeOf(_ ir: IR, _ p: Program) -> GType? {
        if case .slot(let s) = ir { return p.slotType(s) }
        return nil
    }

    /// A case as a script statement: every input without a default, and inputs whose value
    /// differs from their default.
    public static func caseText(_ name: String, _ values: [Value], _ p: Program) -> String {
        var fields: [String] = []
        for (i, input) in p.inputs.enumerated() where i < values.count {
            let v = values[i]
            if v.isUnknown { continue }
            if let d = input.defaultValue, d == v { continue }
            fields.append("\(input.name): \(literal(v, input, p))")
        }
        return "case \(name) { \(fields.joined(separator: ", ")) }"
    }

    static func literal(_ v: Value, _ input: InputInfo, _ p: Program) -> String {
        switch (v, input.type) {
        case (.set(let mask), .set(let e)): return "{" + p.members(of: mask, in: e).joined(separator: ", ") + "}"
        case (.number(let x), .quantity(let d)): return Regions.exactQuantity(x, unit: input.unit, dimension: d)
        default: return p.format(v, type: input.type, unit: input.unit)
        }
    }
}
