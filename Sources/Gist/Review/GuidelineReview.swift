/// A revision review: what a guideline committee asks of two revisions, in their order —
/// what was declared differently, what was edited (and which codes each edit changes), and
/// per recommendation code where it is newly made, no longer made, made with another
/// strength, or becomes (un)determined, each as a short exact cover.
public final class GuidelineReview {
    /// How one code's outcome for a case changes between the revisions. Together the kinds
    /// partition the cases where the code's item (made with a strength, undetermined, or not
    /// made) differs.
    public enum ChangeKind: String, CaseIterable, Sendable {
        case newlyMade = "newly made"
        case noLongerMade = "no longer made"
        case strengthChanged = "strength changes"
        case becomesUndetermined = "becomes undetermined"
        case becomesDetermined = "becomes determined"

        /// The kind of change from one status (0 not made, 1 undetermined, 2 made) to another,
        /// given whether the code's strength differs; nil when nothing changes.
        public static func of(_ a: UInt8, _ b: UInt8, strengthDiffers: Bool) -> ChangeKind? {
            switch (a, b) {
            case (0, 2): return .newlyMade
            case (2, 0): return .noLongerMade
            case (2, 2): return strengthDiffers ? .strengthChanged : nil
            case (1, 1): return nil
            case (_, 1): return .becomesUndetermined
            case (1, _): return .becomesDetermined
            default: return nil
            }
        }

        /// The status (0 not made, 1 undetermined, 2 made) one revision has wherever the code
        /// changes this way, and which revision (0 old, 1 new): the bound a short cover of
        /// the change may grow within before the exceptions are taken out.
        var bound: (revision: Int, status: UInt8) {
            switch self {
            case .newlyMade: return (1, 2)
            case .noLongerMade, .strengthChanged: return (0, 2)
            case .becomesUndetermined: return (1, 1)
            case .becomesDetermined: return (0, 1)
            }
        }

        /// What the exceptions of a change are, inside its bound (the other revision's side).
        public var exceptionMeaning: String {
            switch self {
            case .newlyMade: return "where the old revision made it or left it undetermined"
            case .noLongerMade: return "where the new revision makes it or leaves it undetermined"
            case .strengthChanged: return "where the new revision does not make it"
            case .becomesUndetermined: return "where the old revision left it undetermined too"
            case .becomesDetermined: return "where the new revision leaves it undetermined too"
            }
        }
    }

    public struct Section: Sendable {
        public let kind: ChangeKind
        /// A bool diagram: where this code changes in this way.
        public let diagram: Int
        /// Where it changes is where any of `terms` holds and none of `except`: with no
        /// exceptions the terms are an exact cover of the change; with some, the terms are a
        /// looser cover, inside where one revision has the change's status (`kind.bound`),
        /// and the exceptions take out where the other revision has it too. Whichever of the
        /// two forms needs fewer terms.
        public let terms: [CoverTerm]
        public let except: [CoverTerm]
        /// How many elementary cells it covers (for JSON and --stats, not for people).
        public let cells: Double
    }

    public struct CodeReview: Sendable {
        public let code: String
        /// Strength in each revision; nil where the code is not declared.
        public let oldStrength: String?
        public let newStrength: String?
        /// Conditions every term of every section shares, written once.
        public let context: CoverTerm
        public let sections: [Section]
        /// Where the code changes at all (the sections' union).
        public let changed: Int
    }

    public struct EditReview: Sendable {
        public let edit: GuidelineEdit
        /// The codes whose changed cases lie in the edit's footprint.
        public let codes: [String]
    }

    public let space: Space
    public let store: DiagramStore
    public let builder: CoverBuilder
    public let old: Program, new: Program
    public let declarations: [String]
    public let edits: [EditReview]
    public let codes: [CodeReview]
    public let exceeded: Bool
    public let approximate: Bool
    /// When approximate: the conditions it could not decide that differ between the revisions,
    /// with the codes they govern.
    public let undecided: [UndecidedCondition]
    /// Where the time went, phase by phase (for `--stats` and the benchmarks).
    public let phases: [(name: String, seconds: Double)]
    /// Exact covers of sections written with exceptions, by the section's diagram.
    var exactCovers: [Int: [CoverTerm]] = [:]

    /// `only`: review just these codes (all when empty).
    public init(old: Program, new: Program, only: [String] = [], nodeLimit: Int = 4_000_000) {
        self.old = old
        self.new = new
        var clock = PhaseClock()
        let space = Space([old, new])
        self.space = space
        let store = DiagramStore(space: space, order: space.analysisOrder())
        store.nodeLimit = nodeLimit
        self.store = store
        let da = DiagramCompiler.compile(store: store, program: 0)
        let db = DiagramCompiler.compile(store: store, program: 1)
        let builder = CoverBuilder(store: store, words: GuidelineReview.words(old, new, da, db, store))
        self.builder = builder
        self.declarations = GuidelineDiff.declarations(old, new)
        clock.lap("diagrams")

        var names: [String] = old.recommendations.map(\.code)
        for r in new.recommendations where !names.contains(r.code) { names.append(r.code) }
        if !only.isEmpty { names = names.filter(only.contains) }
        let none = store.terminal(.status(0))
        var codes: [CodeReview] = []
        for code in names {
            let ia = old.recommendation(code: code), ib = new.recommendation(code: code)
            let sa = ia.map { da.status[$0] } ?? none, sb = ib.map { db.status[$0] } ?? none
            let strengthA = ia.map { old.recommendations[$0].strength.rawValue }, strengthB = ib.map { new.recommendations[$0].strength.rawValue }
            let differs = strengthA != nil && strengthB != nil && strengthA != strengthB
            if sa == sb && !differs { continue }
            var sections: [Section] = []
            var changed = store.no
            for kind in ChangeKind.allCases {
                let f = store.apply(sa, sb, op: store.newOp()) { x, y in
                    guard case .status(let p) = x, case .status(let q) = y else { return .value(.bool(false)) }
                    return .value(.bool(ChangeKind.of(p, q, strengthDiffers: differs) == kind))
                }
                if f == store.no { continue }
                changed = store.or(changed, f)
                let bound = kind.bound
                let side = store.map(bound.revision == 0 ? sa : sb, op: store.newOp()) { .value(.bool($0 == .status(bound.status))) }
                let (terms, except) = GuidelineReview.shortCover(f, within: side, builder)
                sections.append(Section(kind: kind, diagram: f, terms: terms.map { GuidelineReview.tidy($0, store) }, except: except.map { GuidelineReview.tidy($0, store) },
                                        cells: store.count([f], within: store.allBands())))
            }
            if sections.isEmpty { continue }
            // An earlier code's change that this one repeats under a condition of its own
            // (regorafenib where sunitinib is not usable) is written with the same terms.
            for (k, s) in sections.enumerated() {
                if let borrowed = GuidelineReview.borrowed(s, from: codes, builder) { sections[k] = borrowed }
            }
            codes.append(CodeReview(code: code, oldStrength: strengthA, newStrength: strengthB,
                                    context: GuidelineReview.context(sections), sections: sections, changed: changed))
        }
        self.codes = codes
        clock.lap("covers")

        var finder = EditFinder(old: old, new: new, da: da, db: db, store: store)
        let found = finder.find()
        self.edits = found.map { e in
            let hit = codes.filter { c in
                (e.onlyCodes?.contains(c.code) ?? true) && store.satisfiable([c.changed, e.footprint], within: store.allBands())
            }
            return EditReview(edit: e, codes: hit.map(\.code))
        }
        clock.lap("edits")
        self.phases = clock.phases
        self.exceeded = store.exceeded
        self.approximate = store.approximate
        self.undecided = UndecidedCondition.changed(da, db)
    }

    /// A short exact description of where `f` holds: an exact cover, or a cover chosen
    /// between `f` and `bound` (which `f` implies) less a cover of what that takes in beyond
    /// `f` — whichever needs fewer terms (the exact cover on a tie). Terms largest first.
    static func shortCover(_ f: Int, within bound: Int, _ builder: CoverBuilder) -> (terms: [CoverTerm], except: [CoverTerm]) {
        let store = builder.store
        let notF = store.not(f)
        var loose = builder.cover(f, within: bound) ?? []

        var except: [CoverTerm] = []
        if !store.exceeded {
            // What the loose terms hold beyond `f` is taken out by terms that stay outside `f`.
            let beyond = store.and(builder.diagram(anyOf: loose), notF)
            except = builder.cover(beyond, within: notF) ?? []
        }
        // The exact cover is looked for only while it can still be as short.
        let budget = except.isEmpty ? Int.max : loose.count + except.count
        if except.isEmpty || store.exceeded {
            // Nothing to take out: the loose cover is exact already.
        } else if let exact = builder.cover(f, within: f, limit: 2 * budget),
                  exact.count <= budget || (exact.count == budget + 1 && conditions(exact) < conditions(loose) + except.joined().count) {
            // One term more is worth fewer conditions to read: `any of` four short terms
            // reads more plainly than one term less two long exceptions (written whole).
            loose = exact
            except = []
        }
        return (largestFirst(loose, builder), largestFirst(except, builder))
    }

    /// How many conditions some terms write, those they all share once.
    static func conditions(_ terms: [CoverTerm]) -> Int {
        let shared = terms.count < 2 ? 0 : (terms.first ?? []).filter { l in terms.allSatisfy { $0.contains(l) } }.count
        return terms.reduce(shared) { $0 + $1.count - shared }
    }

    /// Conditions every term of every section shares (none for a single term: it is written
    /// whole on its change's line).
    static func context(_ sections: [Section]) -> CoverTerm {
        let all = sections.flatMap(\.terms)
        return all.count < 2 ? [] : (all.first ?? []).filter { l in all.allSatisfy { $0.contains(l) } }
    }

    /// The section written with the terms of an earlier code's change of the same kind (less
    /// that code's context) and one term `h` of its own, where that is exact — the change is
    /// `h` and those terms — and needs no more terms; else nil. (Changes written with
    /// exceptions are not lent: their exceptions mean where the other revision has the
    /// earlier code the same, which says nothing of this one.)
    static func borrowed(_ s: Section, from earlier: [CodeReview], _ builder: CoverBuilder) -> Section? {
        let store = builder.store
        let count = s.terms.count + s.except.count
        guard count >= 2, !store.exceeded else { return nil }
        for a in earlier {
            for t in a.sections where t.kind == s.kind && t.except.isEmpty && t.terms.count <= count && t.terms.count >= 2 {
                let terms = t.terms.map { $0.filter { !a.context.contains($0) } }
                let g = builder.diagram(anyOf: terms)
                // The change must lie inside those terms; `h` is what it adds to them.
                guard store.and(s.diagram, store.not(g)) == store.no,
                      let h = builder.cover(s.diagram, within: store.or(s.diagram, store.not(g)), limit: 1), h.count == 1 else { continue }
                let joined = terms.compactMap { conjunction(h[0], $0) }
                guard joined.count == terms.count else { continue }
                return Section(kind: s.kind, diagram: s.diagram, terms: joined.map { tidy($0, store) }, except: [], cells: s.cells)
            }
        }
        return nil
    }

    /// Both terms at once: per condition, what both allow; nil when nothing is.
    static func conjunction(_ a: CoverTerm, _ b: CoverTerm) -> CoverTerm? {
        var out = a
        for l in b {
            guard let k = out.firstIndex(where: { $0.subject == l.subject }) else { out.append(l); continue }
            let allowed = zip(out[k].allowed, l.allowed).map { $0 && $1 }
            if !allowed.contains(true) { return nil }
            out[k] = CoverLiteral(subject: l.subject, allowed: allowed)
        }
        return out
    }

    /// A section as an exact cover alone (no exceptions), for JSON's `terms`: its own terms
    /// when it has no exceptions, else made on first asking.
    public func exactTerms(_ s: Section) -> [CoverTerm] {
        if s.except.isEmpty { return s.terms }
        if let t = exactCovers[s.diagram] { return t }
        let t = GuidelineReview.largestFirst(builder.cover(s.diagram), builder).map { GuidelineReview.tidy($0, store) }
        exactCovers[s.diagram] = t
        return t
    }

    /// Largest first: the terms covering most are read first.
    static func largestFirst(_ terms: [CoverTerm], _ builder: CoverBuilder) -> [CoverTerm] {
        terms.map { t in (t, builder.store.count(builder.diagrams(t), within: builder.bands(t))) }
            .enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }.map(\.element.0)
    }

    /// A term without the atom conditions its other conditions imply (they say nothing new).
    static func tidy(_ t: CoverTerm, _ store: DiagramStore) -> CoverTerm {
        let implied = store.impliedAtoms(t.compactMap { l in
            if case .variable(let v) = l.subject { (v, l.allowed) } else { nil }
        })
        return implied.isEmpty ? t : t.filter { l in
            if case .variable(let v) = l.subject { !implied.contains(v) } else { true }
        }
    }

    /// Derived values (bool or enum) of either revision the covers may use: one word per name
    /// where both revisions compute the same function, else one per revision, marked.
    static func words(_ old: Program, _ new: Program, _ da: CompiledDiagrams, _ db: CompiledDiagrams, _ store: DiagramStore) -> [CoverWord] {
        func word(_ p: Program, _ d: CompiledDiagrams, _ k: Int, _ name: String) -> CoverWord? {
            guard let root = d.derived[k], root >= 0 else { return nil }
            let values: [(String, Value)]
            switch p.derived[k].type {
            case .bool: values = [("true", .bool(true)), ("false", .bool(false))]
            case .enumeration(let e): values = p.enumMembers(.enumeration(e)).enumerated().map { ($0.element, .member($0.offset)) }
            default: return nil
            }
            let diagrams = values.map { v in store.map(root, op: store.newOp()) { .value(.bool($0 == .value(v.1))) } }
            return CoverWord(name: name, values: values.map(\.0), diagrams: diagrams, isBool: p.derived[k].type == .bool)
        }
        var out: [CoverWord] = []
        let oldIndex = Dictionary(old.derived.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let newNames = Set(new.derived.map(\.name))
        for (k, d) in new.derived.enumerated() {
            if let j = oldIndex[d.name], da.derived[j] != db.derived[k] {
                if let w = word(new, db, k, d.name + " (new)") { out.append(w) }
                if let w = word(old, da, j, d.name + " (old)") { out.append(w) }
            } else if let w = word(new, db, k, d.name) {
                out.append(w)
            }
        }
        for (j, d) in old.derived.enumerated() where !newNames.contains(d.name) {
            if let w = word(old, da, j, d.name) { out.append(w) }
        }
        // Where each sub-pathway is followed: a change inside one (the drug sequence) reads
        // as `in drug_sequence ∧ …` rather than once per road into it.
        // One followed where a single input says so reads plainer as that input (`big`).
        func plain(_ reach: Int) -> Bool { reach < 0 || store.children(reach).allSatisfy { $0 < 0 } }
        // Where the revisions follow it differently each word says whose it is, even when the
        // other's is said with its input instead.
        let followedOld = followed(old, da, store), followedNew = followed(new, db, store)
        for (name, reach) in followedNew {
            let before = followedOld.first { $0.name == name }
            if let before, before.reach != reach {
                if !plain(reach) { out.append(followWord("in \(name) (new)", reach, store)) }
                if !plain(before.reach) { out.append(followWord("in \(name) (old)", before.reach, store)) }
            } else if !plain(reach) {
                out.append(followWord("in \(name)", reach, store))
            }
        }
        for (name, reach) in followedOld where !plain(reach) && !followedNew.contains(where: { $0.name == name }) {
            out.append(followWord("in \(name)", reach, store))
        }
        return out
    }

    /// Per sub-pathway a program follows: where it is followed (its uses' branches reached).
    static func followed(_ p: Program, _ d: CompiledDiagrams, _ store: DiagramStore) -> [(name: String, reach: Int)] {
        var out: [(name: String, reach: Int)] = []
        for use in p.follows {
            let reach = use.parent.map { d.reach[$0] } ?? store.yes
            if let k = out.firstIndex(where: { $0.name == use.site.pathway }) { out[k].reach = store.or(out[k].reach, reach) }
            else { out.append((use.site.pathway, reach)) }
        }
        return out
    }

    /// A bool word true where `reach` surely holds, false where it surely does not.
    static func followWord(_ name: String, _ reach: Int, _ store: DiagramStore) -> CoverWord {
        let yes = store.map(reach, op: store.newOp()) { .value(.bool(DiagramStore.truth($0) == .yes)) }
        let no = store.map(reach, op: store.newOp()) { .value(.bool(DiagramStore.truth($0) == .no)) }
        return CoverWord(name: name, values: ["true", "false"], diagrams: [yes, no], isBool: true)
    }

    // MARK: text of conditions

    /// A condition as people read it: `size > 5 cm`, `testing_optional`, `recurrence_risk = high`.
    public func text(_ l: CoverLiteral) -> String {
        switch l.subject {
        case .variable(let v):
            // Bands no case has (a term may hold them) are not written.
            let possible = store.space.atom(v) != nil ? builder.possible(v) : l.allowed.map { _ in true }
            let on = l.allowed.indices.filter { l.allowed[$0] && possible[$0] }
            let word: UInt64
            if store.isNumeric(v) { word = DiagramStore.run(on.first ?? 0, on.last ?? 0) }
            else { word = on.reduce(UInt64(0)) { $0 | 1 << UInt64($1) } }
            var words = store.space.vars.indices.map(store.fullWord)
            words[v] = word
            guard case .enumeration(let members) = space.vars[v].kind else {
                return Regions.constraint(v, store.box(words).domains[v], space: space) ?? store.space.vars[v].name
            }
            // Values only one revision has are outside the comparison: a condition that reads
            // as holding for them (`≠ untested`) names them as excluded.
            let name = space.vars[v].name, names = on.map { members[$0] }
            let others = members.indices.filter { !on.contains($0) }.map { members[$0] } + outside(v)
            let plain: String
            if others.isEmpty { plain = name }
            else if names.count == 1 { plain = "\(name) = \(names[0])" }
            else if others.count == 1 { plain = "\(name) ≠ \(others[0])" }
            else if Regions.shorter(others, than: names) { plain = "\(name) ∉ {\(others.joined(separator: ", "))}" }
            else { plain = "\(name) ∈ {\(names.joined(separator: ", "))}" }
            return inWords(v, on, members, possible, shorterThan: plain) ?? plain
        case .word(let w):
            let word = builder.words[w]
            let on = word.values.indices.filter { l.allowed[$0] }.map { word.values[$0] }
            let off = word.values.indices.filter { !l.allowed[$0] }.map { word.values[$0] }
            if off.isEmpty { return "\(word.name) is determined" }
            if word.isBool { return on == ["true"] ? word.name : "not \(word.name)" }
            if on.count == 1 { return "\(word.name) = \(on[0])" }
            if off.count == 1 { return "\(word.name) ≠ \(off[0])" }
            if Regions.shorter(off, than: on) { return "\(word.name) ∉ {\(off.joined(separator: ", "))}" }
            return "\(word.name) ∈ {\(on.joined(separator: ", "))}"
        }
    }

    /// The values of an enum input that only one revision has (outside the comparison).
    func outside(_ v: Int) -> [String] { space.outside[space.vars[v].name] ?? [] }

    /// Per enum input: the bool derived values of it alone, each with its value per member
    /// (nil where a member leaves it open).
    var valuesOf: [Int: [(word: Int, truth: [Bool?])]] = [:]

    /// An enum condition said with a bool derived value of that input alone, where shorter:
    /// six of twelve genotypes as `not no_imatinib_benefit ∧ mutation ≠ untested`.
    func inWords(_ v: Int, _ on: [Int], _ members: [String], _ possible: [Bool], shorterThan plain: String) -> String? {
        if valuesOf[v] == nil {
            valuesOf[v] = builder.words.indices.filter { builder.words[$0].isBool && builder.wordSupport[$0] == [v] }.map { w in
                (w, (0..<store.bandCount[v]).map { b -> Bool? in
                    var bands = builder.everyBand
                    bands[v] = bands[v].indices.map { $0 == b }
                    let yes = store.satisfiable([builder.words[w].diagrams[0]], within: bands)
                    let no = store.satisfiable([builder.words[w].diagrams[1]], within: bands)
                    return yes == no ? nil : yes
                })
            }
        }
        var best = plain
        for (w, truth) in valuesOf[v] ?? [] {
            for value in [true, false] {
                let side = truth.indices.filter { truth[$0] == value && $0 < possible.count && possible[$0] }
                guard Set(on).isSubset(of: side) else { continue }
                let rest = side.filter { !on.contains($0) }.map { members[$0] } + outside(v)
                guard rest.count <= 2 else { continue }
                let name = builder.words[w].name
                var text = value ? name : "not \(name)"
                if rest.count == 1 { text += " ∧ \(space.vars[v].name) ≠ \(rest[0])" }
                if rest.count == 2 { text += " ∧ \(space.vars[v].name) ∉ {\(rest.joined(separator: ", "))}" }
                if text.count < best.count { best = text }
            }
        }
        return best == plain ? nil : best
    }

    /// A term without the shared context, as one conjunction (`any case` when nothing is left).
    public func text(_ t: CoverTerm, without context: CoverTerm = []) -> String {
        let parts = self.parts(t, without: context)
        return parts.isEmpty ? "any case" : parts.joined(separator: " ∧ ")
    }

    /// The conditions of a term without the shared context, as people read them.
    public func parts(_ t: CoverTerm, without context: CoverTerm = []) -> [String] {
        // A condition on an input that can be missing, in a term that does not say whether it
        // is given, holds for the missing cases too.
        let constrained = Set(t.compactMap { l -> Int? in if case .variable(let v) = l.subject { v } else { nil } })
        // `mitoses >= 6` says mitoses is given: `known(mitoses)` beside it is not written.
        let valued = Set(constrained.filter { space.presenceVariable(of: $0) != nil }.map { space.vars[$0].inputName })
        // Where an input is missing its own variables do not matter: not written.
        let missing = Set(t.compactMap { l -> String? in
            guard case .variable(let v) = l.subject, case .presence(let input) = space.vars[v].kind, l.allowed == [true, false] else { return nil }
            return input
        })
        let parts = t.filter { l in
            guard !context.contains(l) else { return false }
            if case .variable(let v) = l.subject, space.presenceVariable(of: v) != nil, missing.contains(space.vars[v].inputName) { return false }
            if case .variable(let v) = l.subject, case .presence(let input) = space.vars[v].kind,
               l.allowed == [false, true], valued.contains(input) { return false }
            return true
        }
        var texts = parts.map { l -> String in
            guard case .variable(let v) = l.subject, let pv = space.presenceVariable(of: v), !constrained.contains(pv) else { return text(l) }
            return space.orMissing(text(l), v)
        }
        // `in drug_sequence (new) ∧ not in drug_sequence (old)` reads `newly in drug_sequence`.
        for (k, part) in texts.enumerated() where part.hasPrefix("in ") && (part.hasSuffix(" (new)") || part.hasSuffix(" (old)")) {
            let name = String(part.dropFirst(3).dropLast(6)), isNew = part.hasSuffix(" (new)")
            if let j = texts.firstIndex(of: "not in \(name) (\(isNew ? "old" : "new"))") {
                texts[k] = (isNew ? "newly in " : "no longer in ") + name
                texts[j] = ""
            }
        }
        return texts.filter { !$0.isEmpty }
    }

    /// The largest number of terms any code needs (all its sections together; terms listed
    /// again for the next change of the code are read once).
    public var maxTermsPerCode: Int {
        codes.map { c in c.sections.indices.reduce(0) { n, k in
            repeatsPrevious(c, k) ? n : n + c.sections[k].terms.count + c.sections[k].except.count
        } }.max() ?? 0
    }

    /// A section's terms without the code's context.
    public static func own(_ s: Section, _ c: CodeReview) -> [CoverTerm] {
        s.terms.map { t in t.filter { !c.context.contains($0) } }
    }

    /// Conditions every one of several terms has (written once, before them).
    public static func shared(_ terms: [CoverTerm]) -> CoverTerm {
        (terms.first ?? []).filter { l in terms.allSatisfy { $0.contains(l) } }
    }

    /// Whether a code's change `k` lists the same terms as the change before it, but for the
    /// conditions each change's terms share (sunitinib no longer made where one genotype,
    /// its strength changed where the others, on the same terms): written "the terms above".
    public func repeatsPrevious(_ c: CodeReview, _ k: Int) -> Bool {
        guard k > 0 else { return false }
        let a = c.sections[k - 1], b = c.sections[k]
        let ta = GuidelineReview.own(a, c), tb = GuidelineReview.own(b, c)
        guard a.except.isEmpty, b.except.isEmpty, ta.count >= 2, ta.count == tb.count else { return false }
        let sa = GuidelineReview.shared(ta), sb = GuidelineReview.shared(tb)
        return zip(ta, tb).allSatisfy { x, y in x.filter { !sa.contains($0) } == y.filter { !sb.contains($0) } }
    }
}
