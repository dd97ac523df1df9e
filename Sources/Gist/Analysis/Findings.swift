/// Static analysis of a checked guideline over its whole input space (within the inputs'
/// declared ranges): table overlaps, gaps and shadowed rows; branches and recommendations no
/// case can reach; regions where the pathway recommends nothing; conflicts between codes
/// declared exclusive. Every finding carries a witness: a concrete case, written as a script
/// `case` statement.
public enum Findings {
    /// How many regions a finding lists before summarising the rest.
    public static let regionsShown = 5

    public static func analyse(_ p: Program, nodeLimit: Int = 4_000_000) -> [Diagnostic] {
        let a = InputSpace(p, nodeLimit: nodeLimit)
        // In this order: the findings come out in it, and the diagrams are built in it.
        var out = tables(a) + branches(a) + recommendations(a) + emptyPathway(p) + noRecommendation(a) + exclusiveConflicts(a)
        if a.store.exceeded {
            // Findings computed past the limit would be wrong: report the limit instead.
            return [Diagnostic(.analysisLimit, "the input-space analysis stopped after \(a.store.sizeReached); gaps, overlaps and reachability were not checked",
                               at: firstRange(p), notes: ["the guideline's conditions combine very many inputs or thresholds; split the pathway into smaller guidelines or narrow the inputs' ranges"])] + indistinctMembers(p)
        }
        out += indistinctMembers(p)
        out += divisionsByZero(p, store: a.store)
        if a.store.approximate {
            // Findings over conditions the diagrams could not decide may be wrong: say so on each
            // that shows cases (a witness or a region) or claims a branch is never taken.
            out = out.map { d in
                var d = d
                let showsCases = d.notes.contains { if case .witness = $0 { true } else if case .region = $0 { true } else { false } }
                if showsCases || [.unreachableBranch, .unreachableAlternative, .unreachableOtherwise, .unreachableRecommendation].contains(d.kind) {
                    d.notes.append("approximate: some conditions are outside the analysable fragment; confirm with the witness")
                }
                return d
            }
            out.append(Diagnostic(.approximateAnalysis, "some conditions could not be decided exactly (set inputs compared with each other, table values in arithmetic, or beyond the solver); the analysis treats them as undetermined", at: a.store.approximateAt ?? firstRange(p),
                                  notes: a.store.undecided.sorted().map { "the solver could not decide: \($0)" }))
        }
        return out
    }

    /// A guideline's input space as decision diagrams: each table row's match, each branch's
    /// reach, each code's status; and the notes that show a set of cases.
    final class InputSpace {
        let program: Program
        let space: Space
        let store: DiagramStore
        let d: CompiledDiagrams
        /// Per recommendation: the cases for which it is made (status 2).
        private(set) lazy var made: [Int] = program.recommendations.indices.map { c in
            store.map(d.status[c], op: store.newOp()) { t in
                if case .status(let s) = t { return .value(.bool(s == 2)) }
                return .value(.bool(false))
            }
        }

        /// The cases where every input that can be missing (one `known(…)` reads) is given.
        private(set) lazy var complete: Int = {
            var all = store.yes
            for (v, sv) in space.vars.enumerated() {
                guard case .presence = sv.kind else { continue }
                all = store.and(all, store.test(v) { $0 == 1 ? store.yes : store.no })
            }
            return all
        }()

        /// `f` on complete cases; on a case missing an input, only where it surely holds. A
        /// condition on a missing input is unknown there, and "unknown" waits for the input: it
        /// is no gap, overlap or path. (On complete cases unknown comes from a table's gap and
        /// is reported as before.)
        func definite(_ f: Int) -> Int {
            if complete == store.yes { return f }
            return store.apply(complete, f, op: store.op(for: "definite")) { c, t in
                DiagramStore.truth(c) == .yes || DiagramStore.truth(t) != .unknown ? t : .value(.bool(false))
            }
        }

        /// A code's status on complete cases; on a case missing an input, undetermined reads
        /// as not made.
        func definiteStatus(_ c: Int) -> Int {
            if complete == store.yes { return d.status[c] }
            return store.apply(complete, d.status[c], op: store.op(for: "definiteStatus")) { k, t in
                DiagramStore.truth(k) == .yes || t != .status(1) ? t : .status(0)
            }
        }

        init(_ p: Program, nodeLimit: Int) {
            program = p
            space = Space([p])
            store = DiagramStore(space: space, order: space.analysisOrder())
            store.nodeLimit = nodeLimit
            d = DiagramCompiler.compile(store: store, program: 0)
        }

        /// One case in `f`, as a script `case` statement named `name`.
        func witness(_ f: Int, _ name: String) -> [Diagnostic.Note] {
            guard let box = store.anyBox(f, keep: { DiagramStore.truth($0) == .yes }) else { return [] }
            // Shown only once evaluation confirms it (with atoms, the solver proposes it).
            guard let values = store.verifiedWitness(box, programIndex: 0) else { return ["no witness: no case the solver found was confirmed by evaluation"] }
            return [.witness(caseText(name, values, program))]
        }

        /// The regions `f` covers, the first `regionsShown` of them.
        func regions(_ f: Int) -> [Diagnostic.Note] {
            let merged = store.regions(store.cover(f))
            var notes: [Diagnostic.Note] = merged.prefix(regionsShown).map { .region(Regions.describe($0, space: space)) }
            if merged.count > regionsShown { notes.append("… and \(merged.count - regionsShown) more region\(merged.count - regionsShown == 1 ? "" : "s")") }
            return notes
        }
    }

    /// Gaps, rows that never match, shadowed rows (`first`) and overlaps (`unique`).
    static func tables(_ a: InputSpace) -> [Diagnostic] {
        let store = a.store
        var out: [Diagnostic] = []
        for (t, table) in a.program.tables.enumerated() {
            // Only combinations of atoms that real cases have (all of them without atoms).
            let m = a.d.rowMatch[t].map { store.and($0, store.feasible) }
            guard m.count == table.rows.count else { continue }
            var noneMatch = store.feasible
            for x in m { noneMatch = store.and(noneMatch, store.not(x)) }
            noneMatch = a.definite(noneMatch)
            if noneMatch != store.no {
                out.append(Diagnostic(.tableGap, "table '\(table.name)' has no row for some inputs (its value is then \(table.policy == .collect ? "the empty set" : "unknown"))",
                                      at: table.range, notes: a.regions(noneMatch) + a.witness(noneMatch, "gap_\(table.name)")))
            }
            var earlier = store.no
            for (i, row) in table.rows.enumerated() {
                if a.definite(m[i]) == store.no {
                    out.append(Diagnostic(.tableRowNeverMatches, "row \(i + 1) of table '\(table.name)' matches no input", at: row.range))
                    continue
                }
                switch table.policy {
                case .first:
                    if a.definite(store.and(m[i], store.not(earlier))) == store.no {
                        out.append(Diagnostic(.tableShadowedRow, "row \(i + 1) of table '\(table.name)' is never used: earlier rows match every input it matches", at: row.range))
                    }
                case .unique:
                    for j in 0..<i {
                        let both = a.definite(store.and(m[j], m[i]))
                        if both != store.no {
                            let other = table.rows[j].range
                            out.append(Diagnostic(.tableOverlap, "rows \(j + 1) and \(i + 1) of table '\(table.name)' both match some inputs, but its hit policy is unique",
                                                  at: row.range, notes: [.related("row \(j + 1) is at line \(other.line)", other)] + a.witness(both, "overlap_\(table.name)_\(j + 1)_\(i + 1)")))
                        }
                    }
                case .collect: break
                }
                earlier = store.or(earlier, m[i])
            }
        }
        return out
    }

    /// Branches no case reaches. Inside such a branch every nested branch is unreachable too:
    /// only the outermost is reported.
    static func branches(_ a: InputSpace) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func unreachable(_ b: Branch) -> Bool { a.definite(a.d.reach[b.id]) == a.store.no }
        func walk(_ nodes: [PathNode]) {
            for n in nodes {
                switch n {
                case .when(let b, let body):
                    if unreachable(b) {
                        out.append(Diagnostic(.unreachableBranch, "this condition can never hold where it stands, given the conditions around it", at: b.range, notes: b.useNotes))
                    } else {
                        walk(body)
                    }
                case .first(let alts, let other):
                    for (b, body) in alts {
                        if unreachable(b) {
                            out.append(Diagnostic(.unreachableAlternative, "this alternative of 'first' is never taken: its condition cannot hold or earlier ones always do", at: b.range, notes: b.useNotes))
                        } else {
                            walk(body)
                        }
                    }
                    if let (b, body) = other {
                        if unreachable(b) {
                            out.append(Diagnostic(.unreachableOtherwise, "'otherwise' is never taken: the alternatives above cover every case that reaches it", at: b.range, notes: b.useNotes))
                        } else {
                            walk(body)
                        }
                    }
                case .recommend: break
                }
            }
        }
        walk(a.program.pathway)
        return out
    }

    /// Codes the pathway never recommends, and codes no case reaches a recommendation of.
    static func recommendations(_ a: InputSpace) -> [Diagnostic] {
        _ = a.made   // built here, before the findings below read the statuses
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
        collectUsed(a.program.pathway)
        var out: [Diagnostic] = []
        for (c, r) in a.program.recommendations.enumerated() {
            if !used.contains(c) {
                out.append(Diagnostic(.unusedRecommendation, "recommendation '\(r.code)' is declared but the pathway never recommends it", at: r.range))
            } else if a.definiteStatus(c) == a.store.terminal(.status(0)) {
                out.append(Diagnostic(.unreachableRecommendation, "no case can reach a recommendation of '\(r.code)'", at: r.range))
            }
        }
        return out
    }

    /// A pathway with nothing in it: said once, rather than as a region of every case.
    static func emptyPathway(_ p: Program) -> [Diagnostic] {
        guard p.pathway.isEmpty, let range = p.pathwayRange else { return [] }
        return [Diagnostic(.emptyPathway, "the pathway is empty: no case gets a recommendation", at: range)]
    }

    /// Regions where nothing is recommended.
    static func noRecommendation(_ a: InputSpace) -> [Diagnostic] {
        let store = a.store
        var nothing = store.feasible
        for m in a.made { nothing = store.and(nothing, store.not(m)) }
        // A case missing an input for which some code is undetermined waits for the input
        // (`gist run` names it); only one where nothing is made or pending recommends nothing.
        if a.complete != store.yes {
            var pending = store.no
            for c in a.program.recommendations.indices {
                pending = store.or(pending, store.map(a.d.status[c], op: store.op(for: "pending")) { .value(.bool($0 == .status(1))) })
            }
            nothing = store.and(nothing, store.or(a.complete, store.not(pending)))
        }
        guard nothing != store.no, let pathwayRange = firstRange(a.program) else { return [] }
        let cause = holeLocation(a.program, a.d, store, nothing)
        return [Diagnostic(.noRecommendation, "for some cases the pathway recommends nothing", at: cause?.range ?? pathwayRange,
                           notes: a.regions(nothing) + a.witness(nothing, "no_recommendation") + (cause.map { [Diagnostic.Note.text($0.note)] } ?? []))]
    }

    /// Codes declared mutually exclusive that are recommended together.
    static func exclusiveConflicts(_ a: InputSpace) -> [Diagnostic] {
        let p = a.program
        guard !p.exclusive.isEmpty else { return [] }
        // Each recommend statement with the cases that reach it.
        var statements: [(codes: [Int], range: SourceRange, reach: Int)] = []
        func collect(_ nodes: [PathNode], _ reach: Int) {
            for n in nodes {
                switch n {
                case .when(let b, let body): collect(body, a.d.reach[b.id])
                case .first(let alts, let other):
                    for (b, body) in alts { collect(body, a.d.reach[b.id]) }
                    if let (b, body) = other { collect(body, a.d.reach[b.id]) }
                case .recommend(let codes, let range): statements.append((codes, range, reach))
                }
            }
        }
        collect(p.pathway, a.store.feasible)
        var out: [Diagnostic] = []
        for group in p.exclusive {
            for (k, x) in group.enumerated() {
                for y in group[(k + 1)...] {
                    let both = a.store.and(a.made[x], a.made[y])
                    if both != a.store.no {
                        // At the statements that make the two codes for such cases.
                        let makesX = statements.first { $0.codes.contains(x) && a.store.and($0.reach, both) != a.store.no }
                        let makesY = statements.first { $0.codes.contains(y) && a.store.and($0.reach, both) != a.store.no }
                        let other: [Diagnostic.Note] = makesY.map { [.related("'\(p.recommendations[y].code)' is recommended at line \($0.range.line)", $0.range)] } ?? []
                        out.append(Diagnostic(.exclusiveConflict, "'\(p.recommendations[x].code)' and '\(p.recommendations[y].code)' are declared exclusive but are recommended together",
                                              at: makesX?.range ?? p.recommendations[y].range, notes: a.regions(both) + a.witness(both, "conflict_\(p.recommendations[x].code)") + other))
                    }
                }
            }
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
            case .known(let a): visit(a, nil)
            case .call(_, let args): for a in args { visit(a, nil) }
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
                out.append(Diagnostic(.indistinctMembers, "no condition tells \(cls.map { "'\($0)'" }.joined(separator: ", ")) of '\(input.name)' apart",
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
        var missing: [String] = []
        for (i, input) in p.inputs.enumerated() where i < values.count {
            let v = values[i]
            if v.isUnknown {
                // A case cannot leave out an input that has a default: name it instead.
                if input.defaultValue != nil, input.type != .string { missing.append(input.name) }
                continue
            }
            if let d = input.defaultValue, d == v { continue }
            fields.append("\(input.name): \(literal(v, input, p))")
        }
        // A case that gives no input at all reads as one: `case x {}`, said in a comment.
        let text = fields.isEmpty ? "case \(name) {}" : "case \(name) { \(fields.joined(separator: ", ")) }"
        let comments = (fields.isEmpty ? ["no input given"] : []) + (missing.isEmpty ? [] : ["missing: " + missing.joined(separator: ", ")])
        return comments.isEmpty ? text : text + "  # " + comments.joined(separator: "; ")
    }

    static func literal(_ v: Value, _ input: InputInfo, _ p: Program) -> String {
        switch (v, input.type) {
        case (.set(let mask), .set(let e)): return "{" + p.members(of: mask, in: e).joined(separator: ", ") + "}"
        case (.number(let x), .quantity(let d)): return Regions.exactQuantity(x, unit: input.unit, dimension: d)
        default: return p.format(v, type: input.type, unit: input.unit)
        }
    }
}
