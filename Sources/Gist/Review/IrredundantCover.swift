/// A short exact description of where a bool diagram is true: a few overlapping terms (an
/// irredundant sum of products), each a conjunction of conditions on inputs or on the
/// guidelines' own derived values.
///
/// Built as a greedy prime cover: take a point where the function is true and not yet
/// covered, grow the term of that point as far as it stays inside the function (drop
/// conditions, then widen ranges and value sets), keep the larger of the term grown with
/// derived values and the one grown with inputs only, and repeat; finally drop every term the
/// others cover. Every term lies inside the function and the terms together cover it, so the
/// result is exact whatever the choices; the choices only decide how short it is.

/// A derived value the review may write conditions with: per value, where it holds.
public struct CoverWord: Sendable {
    public let name: String
    public let values: [String]
    /// Per value: a bool diagram, `yes` where the derived value equals it.
    public let diagrams: [Int]
    /// Bool values are written `name` / `not name`.
    public let isBool: Bool
}

/// One condition of a term: an input variable within some of its bands, or a derived value
/// (index into the words) within some of its values.
public struct CoverLiteral: Hashable, Sendable {
    public enum Subject: Hashable, Sendable {
        case variable(Int)
        case word(Int)
    }
    public let subject: Subject
    public let allowed: [Bool]
}

public typealias CoverTerm = [CoverLiteral]

public final class CoverBuilder {
    let store: DiagramStore
    public let words: [CoverWord]
    var wordDiagram: [CoverLiteral: Int] = [:]
    var supportCache: [Int: Set<Int>] = [:]
    var conjunctions: [[CoverLiteral]: Int] = [:]
    /// Every band of every variable, and per word the variables it reads: asked for every
    /// condition tried, so computed once.
    lazy var everyBand = store.allBands()
    lazy var wordSupport: [Set<Int>] = words.map { support($0.diagrams) }
    /// Per word: where it has no value.
    lazy var undefined: [Int] = words.map { w in store.not(w.diagrams.reduce(store.no) { store.or($0, $1) }) }

    var possibleBands: [Int: [Bool]] = [:]

    /// Which bands of variable `v` some case has (an atom over a value that cannot be
    /// undetermined never is): a term may allow the others, but they are not written.
    public func possible(_ v: Int) -> [Bool] {
        if let p = possibleBands[v] { return p }
        let p = (0..<store.bandCount[v]).map { b in
            var bands = everyBand
            bands[v] = bands[v].indices.map { $0 == b }
            return store.satisfiable([store.feasible], within: bands)
        }
        possibleBands[v] = p
        return p
    }

    public init(store: DiagramStore, words: [CoverWord]) {
        self.store = store
        self.words = words
    }

    /// The terms of an irredundant cover of where `f` is `yes`.
    public func cover(_ f: Int) -> [CoverTerm] { cover(f, within: f) ?? [] }

    /// The terms of an irredundant cover chosen between two functions (`lower` implies
    /// `upper`): every term lies inside `upper` and together they hold all of `lower`. A
    /// looser bound lets terms grow larger, so fewer are needed. Nil once more than `limit`
    /// terms are found (the caller has a shorter description already).
    public func cover(_ lower: Int, within upper: Int, limit: Int = .max) -> [CoverTerm]? {
        // Combinations of atom values no case has (`t < 5 years` false and `t < 3 years`
        // true) are neither to be covered nor to be kept out: a term may hold them.
        let lower = store.and(lower, store.feasible)
        if lower == store.no { return [] }
        let f = upper
        let notF = store.and(store.not(upper), store.feasible)
        var terms: [CoverTerm] = []
        var uncovered = lower
        while let point = store.witness([uncovered], within: everyBand) {
            // Grown three ways (with derived values, conditions dropped first to last or last
            // to first; with inputs only); the one covering most of what is left wins, ties
            // going to the earlier (derived values read as the guideline does). On a tie, a
            // term without values marked (old)/(new) reads more plainly. (Inputs only, dropped
            // last to first, hardly ever won and cost a quarter of the time.)
            var best: CoverTerm = []
            var bestScore = (-1.0, Int.min)
            for (derived, reversed) in [(true, false), (true, true), (false, false)] {
                let t = grow(point, f: f, notF: notF, derived: derived, reversed: reversed)
                let score = (store.count(diagrams(t) + [uncovered], within: bands(t)), -marked(t))
                if score > bestScore { best = t; bestScore = score }
            }
            terms.append(best)
            if terms.count > limit { return nil }
            uncovered = store.and(uncovered, store.not(diagram(best)))
            if store.exceeded { return terms }
        }
        let cover = irredundant(merged(irredundant(terms, lower), f: f, notF: notF), lower)
        // Last, judged as the terms read (a term `not known(m)` beside `m <= 4` goes).
        return irredundant(aligned(cover, notF: notF), lower, asRead: true)
    }

    /// Terms written in the conditions most others have, where that holds the same cases or
    /// more (still inside `f`): a term that says `testing_optional ∧ not completely_resected ∧
    /// not gross_residual` beside terms that all say `spread = localized ∧ not resected` (which
    /// it implies) takes those, then drops what they make needless — and the shared conditions
    /// are written once.
    func aligned(_ terms: [CoverTerm], notF: Int) -> [CoverTerm] {
        guard terms.count >= 2 else { return terms }
        var out = terms
        for (k, t) in terms.enumerated() {
            let others = terms.enumerated().filter { $0.offset != k }.map(\.element)
            // Conditions most of the other terms have.
            var shared: [CoverLiteral] = []
            for l in others.joined() where !shared.contains(l) && 2 * others.filter({ $0.contains(l) }).count >= others.count { shared.append(l) }
            let taken = shared.filter { l in
                !t.contains { $0.subject == l.subject } && !store.satisfiable(diagrams(t) + [store.not(diagram(of: l)), store.feasible], within: bands(t))
            }
            if taken.isEmpty { continue }
            var term = t + taken
            for l in t {
                let without = term.filter { $0 != l }
                if inside(without, notF) { term = without }
            }
            if term.count <= t.count { out[k] = term }
        }
        return out
    }

    /// Merges terms two at a time while their join stays inside `f`: a greedy cover grows
    /// each term from one point, so two terms that differ only in a value set, or in inputs
    /// a derived value sums up (`sunitinib ∈ failed` and `sunitinib ∈ intolerant` are both
    /// `not sunitinib_usable`), stay apart though one term holds both.
    func merged(_ terms: [CoverTerm], f: Int, notF: Int) -> [CoverTerm] {
        var terms = terms
        var merging = true
        while merging {
            merging = false
            var i = 0
            while i < terms.count {
                var j = i + 1
                while j < terms.count {
                    if let m = join(terms[i], terms[j]), inside(m, notF) {
                        terms[i] = expand(m, f: f, notF: notF)
                        terms.remove(at: j)
                        merging = true
                    } else {
                        j += 1
                    }
                }
                i += 1
            }
        }
        return terms
    }

    /// The smallest term holding both terms that this vocabulary writes: each condition both
    /// have, widened to allow what either allows, and each derived value on which both agree
    /// (for the values computed from the inputs whose conditions were dropped or widened);
    /// nil when no condition is left (their join would be every case).
    func join(_ a: CoverTerm, _ b: CoverTerm) -> CoverTerm? {
        var out: CoverTerm = []
        var loosened = Set<Int>()
        for l in a {
            guard let r = b.first(where: { $0.subject == l.subject }) else {
                if case .variable(let v) = l.subject { loosened.insert(v) }
                continue
            }
            var allowed = zip(l.allowed, r.allowed).map { $0 || $1 }
            if case .variable(let v) = l.subject, store.isNumeric(v),
               let lo = allowed.firstIndex(of: true), let hi = allowed.lastIndex(of: true) {
                // A numeric condition is one run of bands.
                for k in lo...hi { allowed[k] = true }
            }
            if allowed != l.allowed || allowed != r.allowed, case .variable(let v) = l.subject { loosened.insert(v) }
            if case .variable = l.subject, !allowed.contains(false) { continue }
            out.append(CoverLiteral(subject: l.subject, allowed: allowed))
        }
        for r in b where !a.contains(where: { $0.subject == r.subject }) {
            if case .variable(let v) = r.subject { loosened.insert(v) }
        }
        for w in words.indices where !out.contains(where: { $0.subject == .word(w) }) {
            guard !wordSupport[w].isDisjoint(with: loosened) else { continue }
            let either = zip(possible(w, in: a), possible(w, in: b)).map { $0 || $1 }
            if either.contains(false) { out.append(CoverLiteral(subject: .word(w), allowed: either)) }
        }
        return out.isEmpty ? nil : out
    }

    /// Per value of a derived value: whether some case of the term has it; every value when
    /// some case of the term has none (a table with gaps), so that a condition on the value
    /// never leaves out a case of the term.
    func possible(_ w: Int, in t: CoverTerm) -> [Bool] {
        if let l = t.first(where: { $0.subject == .word(w) }) { return l.allowed }
        let given = diagrams(t), within = bands(t)
        let all = [Bool](repeating: true, count: words[w].values.count)
        if store.satisfiable(given + [undefined[w]], within: within) { return all }
        return words[w].diagrams.map { store.satisfiable(given + [$0], within: within) }
    }

    /// Whether no case of the term lies where `notF` holds.
    func inside(_ t: CoverTerm, _ notF: Int) -> Bool { inside(bands(t), diagrams(t), notF) }

    func inside(_ b: DiagramStore.BandSet, _ given: [Int], _ notF: Int) -> Bool { !store.satisfiable(given + [notF], within: b) }

    /// Drops, last first, each term the others already cover (as diagrams, or as they read).
    func irredundant(_ terms: [CoverTerm], _ f: Int, asRead: Bool = false) -> [CoverTerm] {
        var kept = terms
        var k = kept.count - 1
        while k >= 0, kept.count > 1 {
            var others = store.no
            for (j, t) in kept.enumerated() where j != k { others = store.or(others, asRead ? reading(t) : diagram(t)) }
            if store.and(f, store.not(others)) == store.no { kept.remove(at: k) }
            k -= 1
        }
        return kept
    }

    /// The term of `point`, grown while it stays inside `f`.
    func grow(_ point: [Int], f: Int, notF: Int, derived: Bool, reversed: Bool) -> CoverTerm {
        var term: CoverTerm = []
        for (v, n) in store.bandCount.enumerated() where n > 1 {
            term.append(CoverLiteral(subject: .variable(v), allowed: (0..<n).map { $0 == point[v] }))
        }
        let fSupport = support(f)
        if derived {
            // Only values computed from inputs the function depends on can describe it.
            for (w, word) in words.enumerated() where !wordSupport[w].isDisjoint(with: fSupport) {
                guard let k = word.diagrams.firstIndex(where: { store.evaluate($0, at: point) == .value(.bool(true)) }) else { continue }
                term.append(CoverLiteral(subject: .word(w), allowed: word.values.indices.map { $0 == k }))
            }
        }
        if reversed { term.reverse() }
        return expand(term, f: f, notF: notF)
    }

    /// A term inside `f` made as large as it stays inside: conditions dropped, then what is
    /// left widened.
    func expand(_ start: CoverTerm, f: Int, notF: Int) -> CoverTerm {
        var term = start
        let fSupport = support(f)
        // The term's derived conditions as one diagram, kept while only input conditions change.
        var given = diagrams(term)
        func inside(_ t: CoverTerm, sameWords: Bool) -> Bool { self.inside(bands(t), sameWords ? given : diagrams(t), notF) }
        // Inputs first (so derived values stay and say what the inputs meant), then derived values.
        var i = 0
        while i < term.count {
            guard case .variable(let v) = term[i].subject else { i += 1; continue }
            var without = term
            without.remove(at: i)
            if !fSupport.contains(v),
               !without.contains(where: { if case .word(let w) = $0.subject { return wordSupport[w].contains(v) } else { return false } }) {
                term = without
            } else if inside(without, sameWords: true) {
                term = without
            } else {
                i += 1
            }
        }
        // Derived values in order, each dropped while the term stays inside without it: the
        // others' conjunction is those kept before it and all after it, so each try costs one
        // conjunction rather than one per value of the term.
        let positions = term.indices.filter { if case .word = term[$0].subject { true } else { false } }
        var after = [Int](repeating: store.yes, count: positions.count + 1)
        for k in positions.indices.reversed() { after[k] = store.and(diagram(of: term[positions[k]]), after[k + 1]) }
        let inputBands = bands(term)
        var kept = store.yes
        var dropped = Set<Int>()
        for (k, p) in positions.enumerated() {
            if self.inside(inputBands, [store.and(kept, after[k + 1])], notF) { dropped.insert(p) }
            else { kept = store.and(kept, diagram(of: term[p])) }
        }
        term = term.indices.filter { !dropped.contains($0) }.map { term[$0] }
        given = diagrams(term)
        // Then widen what is left: runs of bands outwards, value sets by one value at a time.
        for i in term.indices {
            var allowed = term[i].allowed
            let numeric: Bool, isWord: Bool
            if case .variable(let v) = term[i].subject { numeric = store.isNumeric(v); isWord = false } else { numeric = false; isWord = true }
            func tryAllow(_ k: Int) -> Bool {
                var t = term
                var a = allowed
                a[k] = true
                t[i] = CoverLiteral(subject: t[i].subject, allowed: a)
                guard inside(t, sameWords: !isWord) else { return false }
                allowed = a
                term = t
                if isWord { given = diagrams(term) }
                return true
            }
            if numeric {
                guard let lo = allowed.firstIndex(of: true), let hi = allowed.lastIndex(of: true) else { continue }
                var k = lo - 1
                while k >= 0, tryAllow(k) { k -= 1 }
                k = hi + 1
                while k < allowed.count, tryAllow(k) { k += 1 }
            } else {
                for k in allowed.indices where !allowed[k] { _ = tryAllow(k) }
            }
        }
        // Conditions on inputs that say just what a derived value says are written with it
        // (`sunitinib_usable` for `sunitinib ∉ failed ∧ sunitinib ∉ intolerant`).
        for w in words.indices where !term.contains(where: { $0.subject == .word(w) }) {
            let vars = wordSupport[w]
            guard !vars.isEmpty, vars.allSatisfy({ v in term.contains { $0.subject == .variable(v) } }) else { continue }
            let allowed = possible(w, in: term)
            guard allowed.contains(false) else { continue }
            let t = term.filter { l in if case .variable(let v) = l.subject { !vars.contains(v) } else { true } }
                + [CoverLiteral(subject: .word(w), allowed: allowed)]
            if inside(t, sameWords: false) { term = t }
        }
        // An input allowed every band says nothing; a derived value allowed every value still
        // says that it is known (a table with gaps or overlaps may have no value).
        return term.filter { l in
            if case .word = l.subject { return true }
            return l.allowed.contains(false)
        }
    }

    /// How many conditions of a term are on a value one revision computes differently.
    func marked(_ t: CoverTerm) -> Int {
        t.filter { l in
            guard case .word(let w) = l.subject else { return false }
            return words[w].name.hasSuffix(" (old)") || words[w].name.hasSuffix(" (new)")
        }.count
    }

    /// The variables a diagram (or any of several) tests.
    func support(_ ids: [Int]) -> Set<Int> {
        var out = Set<Int>()
        for id in ids { out.formUnion(support(id)) }
        return out
    }

    func support(_ root: Int) -> Set<Int> {
        if let s = supportCache[root] { return s }
        var seen = Set<Int>(), out = Set<Int>()
        var stack = [root]
        while let x = stack.popLast() {
            guard x >= 0, seen.insert(x).inserted else { continue }
            out.insert(store.variable(x))
            stack.append(contentsOf: store.children(x))
        }
        supportCache[root] = out
        return out
    }

    /// The bands a term's input conditions allow.
    public func bands(_ t: CoverTerm) -> DiagramStore.BandSet {
        var b = everyBand
        for l in t { if case .variable(let v) = l.subject { b[v] = l.allowed } }
        return b
    }

    /// The term's conditions on derived values as one diagram (a list, for the walks): one
    /// conjunction rather than one diagram each keeps the walks' states small.
    public func diagrams(_ t: CoverTerm) -> [Int] {
        let lits = t.filter { if case .word = $0.subject { return true } else { return false } }
        if lits.isEmpty { return [] }
        if let d = conjunctions[lits] { return [d] }
        let d = lits.reduce(store.yes) { store.and($0, diagram(of: $1)) }
        conjunctions[lits] = d
        return [d]
    }

    /// A condition as a bool diagram.
    public func diagram(of l: CoverLiteral) -> Int {
        if let d = wordDiagram[l] { return d }
        let d: Int
        switch l.subject {
        case .variable(let v): d = store.literal(v, l.allowed)
        case .word(let w):
            var x = store.no
            for (k, on) in l.allowed.enumerated() where on { x = store.or(x, words[w].diagrams[k]) }
            d = x
        }
        wordDiagram[l] = d
        return d
    }

    /// Where any of some terms holds, as a bool diagram.
    public func diagram(anyOf terms: [CoverTerm]) -> Int {
        terms.reduce(store.no) { store.or($0, diagram($1)) }
    }

    /// A term as a bool diagram.
    public func diagram(_ t: CoverTerm) -> Int {
        t.reduce(store.yes) { store.and($0, diagram(of: $1)) }
    }

    /// Where a term holds as its text reads: a condition on an input that can be missing, in
    /// a term that does not say whether it is given, holds where it is missing too
    /// (`m <= 4 ∨ not known(m)`; there its bands are not tested). Judged so, a term
    /// `not known(m)` beside it is redundant.
    public func reading(_ t: CoverTerm) -> Int {
        let constrained = Set(t.compactMap { l -> Int? in if case .variable(let v) = l.subject { v } else { nil } })
        return t.reduce(store.yes) { d, l in
            var x = diagram(of: l)
            if case .variable(let v) = l.subject, let pv = store.space.presenceVariable(of: v), !constrained.contains(pv) {
                x = store.or(x, store.literal(pv, [true, false]))
            }
            return store.and(d, x)
        }
    }

    /// Where any of some terms holds as their text reads.
    public func reading(anyOf terms: [CoverTerm]) -> Int {
        terms.reduce(store.no) { store.or($0, reading($1)) }
    }
}
