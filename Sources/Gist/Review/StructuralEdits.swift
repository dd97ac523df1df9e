/// The edits between two revisions, read off their structure: lets changed, table rows
/// added, removed or changed, pathway branches whose conditions changed or that were added
/// or removed, and `recommend` statements added, removed or moved. Each edit carries its
/// footprint: a bool diagram of the cases where it acts (where a let's or table's value
/// differs, where a branch is entered in one revision and not the other, where a recommend
/// statement is reached). The review names the codes whose changed cases lie there.
public struct GuidelineEdit: Sendable {
    /// What changed, in the files' own words (`let x: a → b`, `when a → when b`).
    public let text: String
    /// Where, in the new revision (or the old one for a removal): `file:line`.
    public let location: String
    /// Where the edit acts.
    public let footprint: Int
    /// When set, the edit can only change these codes (a recommend statement).
    public let onlyCodes: [String]?
    /// The new revision's branches the edit adds, moves or changes the condition of.
    public var branches: [Int] = []
}

struct EditFinder {
    let old: Program, new: Program
    let da: CompiledDiagrams, db: CompiledDiagrams
    let store: DiagramStore
    var edits: [GuidelineEdit] = []

    static func normalized(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    /// Where two value diagrams differ, as a bool diagram (everywhere when either is unknown).
    func differs(_ a: Int?, _ b: Int?) -> Int {
        guard let a, let b else { return store.yes }
        return store.apply(a, b, op: store.newOp()) { .value(.bool($0 != $1)) }
    }

    mutating func find() -> [GuidelineEdit] {
        derivedEdits()
        pathway(old.pathway, new.pathway, reachOld: store.yes, reachNew: store.yes, under: Under(old: nil, new: nil))
        pairBranches()
        pairMoves()
        return merged(edits)
    }

    /// A sub-pathway followed in several places is expanded once per use, so one edit inside it
    /// is found once per use (under each use's enclosing branch): the same edit at the same
    /// place is one edit acting where any of them does.
    func merged(_ edits: [GuidelineEdit]) -> [GuidelineEdit] {
        func base(_ text: String) -> String { text.firstRange(of: " (under ").map { String(text[..<$0.lowerBound]) } ?? text }
        var out: [GuidelineEdit] = []
        var index: [String: Int] = [:]
        for e in edits {
            let key = e.location + "\u{0}" + base(e.text)
            guard let k = index[key] else { index[key] = out.count; out.append(e); continue }
            let o = out[k]
            let codes = o.onlyCodes.flatMap { a in e.onlyCodes.map { b in a + b.filter { !a.contains($0) } } }
            out[k] = GuidelineEdit(text: o.text == e.text ? o.text : base(o.text), location: o.location, footprint: store.or(o.footprint, e.footprint),
                                   onlyCodes: codes, branches: o.branches + e.branches.filter { !o.branches.contains($0) })
        }
        return out
    }

    // MARK: lets and tables

    mutating func derivedEdits() {
        let newIndex = Dictionary(new.derived.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let oldIndex = Dictionary(old.derived.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        for d in old.derived where newIndex[d.name] == nil {
            edits.append(GuidelineEdit(text: "\(kindName(d)) \(d.name) removed", location: "\(d.range)", footprint: store.no, onlyCodes: nil))
        }
        for (k, d) in new.derived.enumerated() {
            guard let j = oldIndex[d.name] else {
                edits.append(GuidelineEdit(text: "\(kindName(d)) \(d.name) added", location: "\(d.range)", footprint: store.no, onlyCodes: nil))
                continue
            }
            let o = old.derived[j]
            // Only codes decided somewhere the value is read can change through it.
            let footprint = differs(da.derived[j], db.derived[k])
            let readers = Array(Set(EditFinder.readers(of: j, in: old) + EditFinder.readers(of: k, in: new))).sorted()
            switch (o.kind, d.kind) {
            case (.letValue, .letValue):
                let a = EditFinder.normalized(o.source), b = EditFinder.normalized(d.source)
                if a != b {
                    let what = EditFinder.conjunctsEdited(a, b) ?? "\(a) → \(b)"
                    edits.append(GuidelineEdit(text: "let \(d.name): \(what)", location: "\(d.range)", footprint: footprint, onlyCodes: readers))
                }
            case (.table(let ta), .table(let tb)):
                tableEdits(old.tables[ta], new.tables[tb], rowsOld: da.rowMatch[ta], rowsNew: db.rowMatch[tb], differs: footprint, readers: readers)
            default:
                edits.append(GuidelineEdit(text: "\(d.name): \(kindName(o)) → \(kindName(d))", location: "\(d.range)", footprint: footprint, onlyCodes: readers))
            }
        }
    }

    /// `"and c" added` where `b` is `a` with conjuncts added (or removed): shorter to read
    /// than both whole. Nil unless both are conjunctions at their top level (no `or` there).
    static func conjunctsEdited(_ a: String, _ b: String) -> String? {
        func conjuncts(_ s: String) -> [String]? {
            var parts: [String] = [], depth = 0, start = s.startIndex, i = s.startIndex
            while i < s.endIndex {
                let c = s[i]
                if c == "(" || c == "{" || c == "[" { depth += 1 }
                if c == ")" || c == "}" || c == "]" { depth -= 1 }
                if depth == 0, s[i...].hasPrefix(" or ") { return nil }
                if depth == 0, s[i...].hasPrefix(" and ") {
                    parts.append(String(s[start..<i]))
                    i = s.index(i, offsetBy: 5)
                    start = i
                    continue
                }
                i = s.index(after: i)
            }
            parts.append(String(s[start...]))
            return parts
        }
        // The conjuncts of `short` in order, each found in `long`: what `long` adds.
        func added(_ short: [String], _ long: [String]) -> [String]? {
            var rest = long[...], extra: [String] = []
            for p in short {
                guard let k = rest.firstIndex(of: p) else { return nil }
                extra += rest[..<k]
                rest = rest[(k + 1)...]
            }
            extra += rest
            return extra.isEmpty ? nil : extra
        }
        guard let x = conjuncts(a), let y = conjuncts(b), x.count > 1 || y.count > 1 else { return nil }
        if let extra = added(x, y) { return "\"and \(extra.joined(separator: " and "))\" added" }
        if let extra = added(y, x) { return "\"and \(extra.joined(separator: " and "))\" removed" }
        return nil
    }

    /// The codes whose decisions read derived value `k` (directly or through other derived
    /// values): those recommended inside a branch whose condition reads it, or after it in
    /// the same `first`.
    static func readers(of k: Int, in p: Program) -> [String] {
        let target = p.inputs.count + k
        // Per derived value, whether it reads the target (they come in dependency order).
        var reads = [Bool](repeating: false, count: p.derived.count)
        func touches(_ ir: IR) -> Bool { ir.slots.contains { $0 == target || ($0 >= p.inputs.count && $0 - p.inputs.count < reads.count && reads[$0 - p.inputs.count]) } }
        for (j, d) in p.derived.enumerated() {
            switch d.kind {
            case .letValue(let ir): reads[j] = touches(ir)
            case .table(let t): reads[j] = p.tables[t].columns.contains(where: touches)
            }
        }
        var out = Set<String>()
        func all(_ nodes: [PathNode]) {
            for n in nodes {
                switch n {
                case .when(_, let body): all(body)
                case .first(let alts, let other): for (_, body) in alts { all(body) }; other.map { all($0.1) }
                case .recommend(let cs, _): for c in cs { out.insert(p.recommendations[c].code) }
                }
            }
        }
        func walk(_ nodes: [PathNode]) {
            for n in nodes {
                switch n {
                case .when(let b, let body): if b.condition.map(touches) == true { all(body) } else { walk(body) }
                case .first(let alts, let other):
                    for (i, (b, body)) in alts.enumerated() {
                        if b.condition.map(touches) == true {
                            for (_, rest) in alts[i...] { all(rest) }
                            other.map { all($0.1) }
                        } else {
                            walk(body)
                        }
                    }
                    other.map { walk($0.1) }
                case .recommend: break
                }
            }
        }
        walk(p.pathway)
        return Array(out)
    }

    func kindName(_ d: DerivedInfo) -> String {
        if case .table = d.kind { return "table" }
        return "let"
    }

    static func rowText(_ r: RowInfo) -> String { normalized(r.range.file.text(of: r.range.span)) }

    /// A row's cells taken in `order`, and its output (`| a | b | => x` read as cells a, b).
    static func rowKey(_ text: String, order: [Int]) -> String {
        let pieces = text.split(separator: "|", omittingEmptySubsequences: false).map { piece -> String in
            String(piece.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        }
        guard pieces.count >= 2, pieces[0].isEmpty else { return text }
        let cells = Array(pieces[1..<(pieces.count - 1)]), output = pieces[pieces.count - 1]
        guard order.count == cells.count, order.allSatisfy(cells.indices.contains) else { return text }
        return order.map { cells[$0] }.joined(separator: " | ") + " | " + output
    }

    mutating func tableEdits(_ a: TableInfo, _ b: TableInfo, rowsOld: [Int], rowsNew: [Int], differs: Int, readers: [String]) {
        let ca = a.columnSources.map(EditFinder.normalized), cb = b.columnSources.map(EditFinder.normalized)
        var rows: [GuidelineEdit] = []
        let ra = a.rows.map(EditFinder.rowText), rb = b.rows.map(EditFinder.rowText)
        // Rows are compared cell by cell in the new column order: columns only reordered
        // change no row.
        let order = Set(ca) == Set(cb) && ca.count == cb.count ? cb.compactMap { ca.firstIndex(of: $0) } : Array(ca.indices)
        for h in hunks(ra.map { EditFinder.rowKey($0, order: order) }, rb.map { EditFinder.rowKey($0, order: Array(cb.indices)) }) {
            var matched = store.no
            for i in h.old where i < rowsOld.count { matched = store.or(matched, rowsOld[i]) }
            for j in h.new where j < rowsNew.count { matched = store.or(matched, rowsNew[j]) }
            let footprint = store.and(matched, differs)
            let what: String
            switch (h.old.isEmpty, h.new.isEmpty) {
            case (true, _): what = h.new.count == 1 ? "row added: \(rb[h.new.lowerBound])" : "rows \(h.new.lowerBound + 1)–\(h.new.upperBound) added"
            case (_, true): what = h.old.count == 1 ? "row removed: \(ra[h.old.lowerBound])" : "\(h.old.count) rows removed"
            case _ where h.old == h.new:
                what = h.old.count == 1 ? "row \(h.new.lowerBound + 1): \(ra[h.old.lowerBound]) → \(rb[h.new.lowerBound])"
                    : "rows \(h.new.lowerBound + 1)–\(h.new.upperBound) changed"
            default:
                what = h.old.count == 1 && h.new.count == 1 ? "row \(h.new.lowerBound + 1): \(ra[h.old.lowerBound]) → \(rb[h.new.lowerBound])"
                    : "rows \(h.old.lowerBound + 1)–\(h.old.upperBound) replaced by rows \(h.new.lowerBound + 1)–\(h.new.upperBound)"
            }
            let at = h.new.isEmpty ? (h.old.lowerBound < a.rows.count ? "\(a.rows[h.old.lowerBound].range)" : "\(a.range)")
                : "\(b.rows[h.new.lowerBound].range)"
            rows.append(GuidelineEdit(text: "table \(b.name): \(what)", location: at, footprint: footprint, onlyCodes: readers))
        }
        guard ca != cb || a.policy != b.policy else { edits += rows; return }
        // New columns change what every row means: one edit, with the rows edited in it.
        var what: [String] = []
        if a.policy != b.policy { what.append("\(a.policy.rawValue) → \(b.policy.rawValue)") }
        if ca != cb {
            let removed = ca.filter { !cb.contains($0) }, added = cb.filter { !ca.contains($0) }
            let (x, y) = (removed.joined(separator: ", "), added.joined(separator: ", "))
            switch (removed.isEmpty, added.isEmpty) {
            case (false, false): what.append("columns \(x) → \(y)")
            case (true, false): what.append("columns added: \(y)")
            case (false, true): what.append("columns removed: \(x)")
            case (true, true): what.append("columns reordered: \(cb.joined(separator: ", "))")
            }
        }
        what += rows.map { String($0.text.dropFirst("table \(b.name): ".count)) }
        edits.append(GuidelineEdit(text: "table \(b.name): " + what.joined(separator: "; "), location: "\(b.range)", footprint: differs, onlyCodes: readers))
    }

    // MARK: pathway

    /// A statement's identity for alignment.
    func key(_ n: PathNode, _ p: Program) -> String {
        switch n {
        case .when(let b, _): return "when " + EditFinder.normalized(b.source)
        case .first(let alts, _): return "first " + alts.map { EditFinder.normalized($0.0.source) }.joined(separator: " / ")
        case .recommend(let codes, _): return "recommend " + codes.map { p.recommendations[$0].code }.joined(separator: ", ")
        }
    }

    /// Branches added and removed, kept apart until `pairBranches` pairs those with the same
    /// condition (a branch moved into another, e.g. under a new `otherwise`).
    /// `later`: in a `first`, the codes of the alternatives from the branch's place on and of
    /// `otherwise`, in both revisions (adding or removing a branch changes whether they are
    /// reached).
    typealias LoneBranch = (branch: Branch, body: [PathNode], reach: Int, under: Under, later: [String])
    var addedBranches: [LoneBranch] = []
    var removedBranches: [LoneBranch] = []

    /// Recommend statements added and removed, kept apart until `pairMoves` pairs them.
    var addedRecommends: [(code: String, reach: Int, under: String, location: String)] = []
    var removedRecommends: [(code: String, reach: Int, under: String, location: String)] = []

    mutating func pathway(_ a: [PathNode], _ b: [PathNode], reachOld: Int, reachNew: Int, under: Under) {
        let ka = a.map { key($0, old) }, kb = b.map { key($0, new) }
        for (i, j) in lcs(ka, kb) { matched(a[i], b[j], reachOld: reachOld, reachNew: reachNew, under: under) }
        for h in hunks(ka, kb) {
            var restOld = Array(h.old), restNew = Array(h.new)
            // Pair statements of the same kind in order: a `when` whose condition changed, a
            // `first` whose alternatives changed.
            var pairs: [(Int, Int)] = []
            for i in h.old {
                guard let j = restNew.first(where: { sameKind(a[i], b[$0]) && !isRecommend(a[i]) && similar(a[i], b[$0]) }) else { continue }
                pairs.append((i, j))
                restNew.removeAll { $0 == j }
                restOld.removeAll { $0 == i }
            }
            for (i, j) in pairs { matched(a[i], b[j], reachOld: reachOld, reachNew: reachNew, under: under) }
            for i in restOld { removed(a[i], reachOld: reachOld, under: under) }
            for j in restNew { added(b[j], reachNew: reachNew, under: under) }
        }
    }

    /// Whether two statements are one statement edited rather than one removed and another
    /// added: they recommend mostly the same codes, or their conditions share most words.
    func similar(_ x: PathNode, _ y: PathNode) -> Bool {
        func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
            a.isEmpty && b.isEmpty ? 1 : Double(a.intersection(b).count) / Double(a.union(b).count)
        }
        func words(_ n: PathNode) -> Set<String> {
            guard case .when(let b, _) = n else { return [] }
            return Set(b.source.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).map(String.init))
        }
        func conditions(_ n: PathNode) -> Set<String> {
            guard case .first(let alts, _) = n else { return [] }
            return Set(alts.map { EditFinder.condition($0.0) })
        }
        if case .first = x { return jaccard(conditions(x), conditions(y)) >= 0.5 || jaccard(Set(codes(x, old)), Set(codes(y, new))) >= 0.5 }
        return jaccard(Set(codes(x, old)), Set(codes(y, new))) >= 0.5 || jaccard(words(x), words(y)) >= 0.5
    }

    func isRecommend(_ n: PathNode) -> Bool { if case .recommend = n { return true } else { return false } }

    func sameKind(_ x: PathNode, _ y: PathNode) -> Bool {
        switch (x, y) {
        case (.when, .when), (.first, .first), (.recommend, .recommend): return true
        default: return false
        }
    }

    static func condition(_ b: Branch) -> String { b.condition == nil ? "otherwise" : "when " + normalized(b.source) }

    /// `later`: codes of the alternatives after this one in a `first` (entering this branch
    /// more or less often changes whether they are reached).
    mutating func branch(_ x: Branch, _ bx: [PathNode], _ y: Branch, _ by: [PathNode], reachOld: Int, reachNew: Int, under: Under, later: [String] = []) {
        let ra = da.reach[x.id], rb = db.reach[y.id]
        let ca = EditFinder.condition(x), cb = EditFinder.condition(y)
        if ca != cb {
            let footprint = store.apply(ra, rb, op: store.newOp()) { .value(.bool(DiagramStore.truth($0) != DiagramStore.truth($1))) }
            let mentioned = Set(bx.flatMap { codes($0, old) } + by.flatMap { codes($0, new) } + later).sorted()
            edits.append(GuidelineEdit(text: "\(ca) → \(cb)" + (under.new.map { " (under \($0))" } ?? ""), location: "\(y.range)", footprint: footprint, onlyCodes: mentioned, branches: [y.id]))
        }
        if x.because != y.because {
            edits.append(reasonEdit(cb, x.because, y.because, location: "\(y.range)"))
        }
        pathway(bx, by, reachOld: ra, reachNew: rb, under: Under(old: ca, new: cb))
    }

    mutating func matched(_ x: PathNode, _ y: PathNode, reachOld: Int, reachNew: Int, under: Under) {
        switch (x, y) {
        case let (.when(bx, sx), .when(by, sy)):
            branch(bx, sx, by, sy, reachOld: reachOld, reachNew: reachNew, under: under)
        case let (.first(ax, ox), .first(ay, oy)):
            let ka = ax.map { EditFinder.condition($0.0) }, kb = ay.map { EditFinder.condition($0.0) }
            // Codes of the alternatives from index k on, and of `otherwise`.
            func after(_ alts: [(Branch, [PathNode])], _ other: (Branch, [PathNode])?, _ k: Int, _ p: Program) -> [String] {
                (alts.dropFirst(k + 1).flatMap { $0.1 } + (other?.1 ?? [])).flatMap { codes($0, p) }
            }
            for (i, j) in lcs(ka, kb) {
                branch(ax[i].0, ax[i].1, ay[j].0, ay[j].1, reachOld: reachOld, reachNew: reachNew, under: under,
                       later: after(ax, ox, i, old) + after(ay, oy, j, new))
            }
            for h in hunks(ka, kb) {
                var restNew = Array(h.new)
                let later = after(ax, ox, h.old.lowerBound - 1, old) + after(ay, oy, h.new.lowerBound - 1, new)
                for i in h.old {
                    guard let j = restNew.first(where: { similar(.when(ax[i].0, ax[i].1), .when(ay[$0].0, ay[$0].1)) }) else {
                        removed(.when(ax[i].0, ax[i].1), reachOld: reachOld, under: under, later: later)
                        continue
                    }
                    restNew.removeAll { $0 == j }
                    branch(ax[i].0, ax[i].1, ay[j].0, ay[j].1, reachOld: reachOld, reachNew: reachNew, under: under,
                           later: after(ax, ox, i, old) + after(ay, oy, j, new))
                }
                for j in restNew { added(.when(ay[j].0, ay[j].1), reachNew: reachNew, under: under, later: later) }
            }
            switch (ox, oy) {
            case let (x?, y?): branch(x.0, x.1, y.0, y.1, reachOld: reachOld, reachNew: reachNew, under: under)
            case let (x?, nil): removed(.when(x.0, x.1), reachOld: reachOld, under: under)
            case let (nil, y?): added(.when(y.0, y.1), reachNew: reachNew, under: under)
            case (nil, nil): break
            }
        case let (.recommend(cx, rx), .recommend(cy, ry)):
            let a = Set(cx.map { old.recommendations[$0].code }), b = Set(cy.map { new.recommendations[$0].code })
            let why = old.recommendReasons[rx], now = new.recommendReasons[ry]
            if why != now && !a.isDisjoint(with: b) {
                edits.append(reasonEdit("recommend " + cy.map { new.recommendations[$0].code }.joined(separator: ", "), why, now, location: "\(ry)"))
            }
            for c in a.subtracting(b).sorted() { removedRecommends.append((c, reachOld, under.old ?? "the top level", "\(rx)")) }
            for c in b.subtracting(a).sorted() { addedRecommends.append((c, reachNew, under.new ?? "the top level", "\(ry)")) }
        default:
            removed(x, reachOld: reachOld, under: under)
            added(y, reachNew: reachNew, under: under)
        }
    }

    /// The codes once each, in their first order.
    func unique(_ codes: [String]) -> [String] {
        var seen = Set<String>()
        return codes.filter { seen.insert($0).inserted }
    }

    /// Codes a subtree recommends.
    func codes(_ n: PathNode, _ p: Program) -> [String] {
        var out: [String] = []
        func walk(_ n: PathNode) {
            switch n {
            case .when(_, let body): body.forEach(walk)
            case .first(let alts, let other): for (_, body) in alts { body.forEach(walk) }; other?.1.forEach(walk)
            case .recommend(let cs, _): for c in cs where !out.contains(p.recommendations[c].code) { out.append(p.recommendations[c].code) }
            }
        }
        walk(n)
        return out
    }

    mutating func removed(_ n: PathNode, reachOld: Int, under: Under, later: [String] = []) {
        switch n {
        case .recommend(let cs, let r):
            for c in cs { removedRecommends.append((old.recommendations[c].code, reachOld, under.old ?? "the top level", "\(r)")) }
        case .when(let b, let body):
            removedBranches.append((b, body, reachOld, under, later))
        case .first(let alts, let other):
            // Its branches may reappear elsewhere: each is paired or reported on its own.
            for (b, body) in alts { removedBranches.append((b, body, reachOld, under, later)) }
            if let (b, body) = other { removedBranches.append((b, body, reachOld, under, later)) }
        }
    }

    mutating func added(_ n: PathNode, reachNew: Int, under: Under, later: [String] = []) {
        switch n {
        case .recommend(let cs, let r):
            for c in cs { addedRecommends.append((new.recommendations[c].code, reachNew, under.new ?? "the top level", "\(r)")) }
        case .when(let b, let body):
            addedBranches.append((b, body, reachNew, under, later))
        case .first(let alts, let other):
            for (b, body) in alts { addedBranches.append((b, body, reachNew, under, later)) }
            if let (b, body) = other { addedBranches.append((b, body, reachNew, under, later)) }
        }
    }

    /// Pairs a removed and an added branch with the same condition as one branch moved (and
    /// compares their bodies, which may find more); reports the rest as removed or added.
    mutating func pairBranches() {
        // The same condition; for `otherwise`, mostly the same codes.
        func same(_ r: LoneBranch, _ a: LoneBranch) -> Bool {
            if r.branch.condition == nil && a.branch.condition == nil {
                let x = Set(r.body.flatMap { codes($0, old) }), y = Set(a.body.flatMap { codes($0, new) })
                return !x.isEmpty && Double(x.intersection(y).count) / Double(x.union(y).count) >= 0.5
            }
            return r.branch.condition != nil && a.branch.condition != nil && EditFinder.condition(a.branch) == EditFinder.condition(r.branch)
        }
        while let k = removedBranches.firstIndex(where: { r in addedBranches.contains { same(r, $0) } }) {
            let r = removedBranches.remove(at: k)
            guard let j = addedBranches.firstIndex(where: { same(r, $0) }) else { continue }
            let a = addedBranches.remove(at: j)
            let ra = da.reach[r.branch.id], rb = db.reach[a.branch.id]
            let footprint = store.apply(ra, rb, op: store.newOp()) { .value(.bool(DiagramStore.truth($0) != DiagramStore.truth($1))) }
            let cond = EditFinder.condition(a.branch)
            edits.append(GuidelineEdit(text: "branch moved: \(cond) (was at line \(r.branch.range.line))",
                                       location: "\(a.branch.range)", footprint: footprint,
                                       onlyCodes: Set(r.body.flatMap { codes($0, old) } + a.body.flatMap { codes($0, new) } + r.later + a.later).sorted(),
                                       branches: [a.branch.id]))
            pathway(r.body, a.body, reachOld: ra, reachNew: rb, under: Under(old: cond, new: cond))
        }
        for r in removedBranches {
            edits.append(GuidelineEdit(text: "branch removed: \(EditFinder.condition(r.branch))" + (r.under.old.map { " (under \($0))" } ?? ""),
                                       location: "\(r.branch.range)", footprint: maybe(da.reach[r.branch.id]),
                                       onlyCodes: unique(r.body.flatMap { codes($0, old) } + r.later)))
        }
        for a in addedBranches {
            edits.append(GuidelineEdit(text: "branch added: \(EditFinder.condition(a.branch))" + (a.under.new.map { " (under \($0))" } ?? ""),
                                       location: "\(a.branch.range)", footprint: maybe(db.reach[a.branch.id]),
                                       onlyCodes: unique(a.body.flatMap { codes($0, new) } + a.later),
                                       branches: [a.branch.id]))
        }
        removedBranches = []
        addedBranches = []
    }

    /// A code recommended by a removed statement and by an added one has moved.
    mutating func pairMoves() {
        var added = addedRecommends
        for r in removedRecommends {
            if let k = added.firstIndex(where: { $0.code == r.code }) {
                let a = added.remove(at: k)
                let footprint = store.apply(r.reach, a.reach, op: store.newOp()) { .value(.bool(DiagramStore.truth($0) != DiagramStore.truth($1))) }
                edits.append(GuidelineEdit(text: "recommend \(r.code) moved to under \(a.under) (was under \(r.under))", location: a.location, footprint: footprint, onlyCodes: [r.code]))
            } else {
                edits.append(GuidelineEdit(text: "recommend \(r.code) removed (under \(r.under))", location: r.location, footprint: maybe(r.reach), onlyCodes: [r.code]))
            }
        }
        for a in added {
            edits.append(GuidelineEdit(text: "recommend \(a.code) added (under \(a.under))", location: a.location, footprint: maybe(a.reach), onlyCodes: [a.code]))
        }
    }

    /// A reason added, removed or reworded: it changes no case, but it is the justification a
    /// committee reads, so it is an edit.
    func reasonEdit(_ subject: String, _ a: String?, _ b: String?, location: String) -> GuidelineEdit {
        let what: String
        switch (a, b) {
        case (nil, let b?): what = "reason added to \(subject): \"\(b)\""
        case (let a?, nil): what = "reason removed from \(subject): \"\(a)\""
        default: what = "reason of \(subject): \"\(a ?? "")\" → \"\(b ?? "")\""
        }
        return GuidelineEdit(text: what, location: location, footprint: store.no, onlyCodes: [])
    }

    /// Where a reach diagram is not `no`: a statement reached on an unknown condition makes
    /// its code undetermined, so it acts there too.
    func maybe(_ reach: Int) -> Int {
        store.map(reach, op: store.newOp()) { .value(.bool(DiagramStore.truth($0) != .no)) }
    }
}

/// The enclosing branch's condition in each revision (nil at the top level).
struct Under {
    let old: String?
    let new: String?
}

/// A stretch where two sequences differ: old indices replaced by new ones.
struct Hunk {
    let old: Range<Int>
    let new: Range<Int>
}

/// Index pairs of a longest common subsequence.
func lcs(_ a: [String], _ b: [String]) -> [(Int, Int)] {
    let n = a.count, m = b.count
    var t = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
        for j in stride(from: m - 1, through: 0, by: -1) {
            t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : max(t[i + 1][j], t[i][j + 1])
        }
    }
    var out: [(Int, Int)] = []
    var i = 0, j = 0
    while i < n && j < m {
        if a[i] == b[j] { out.append((i, j)); i += 1; j += 1 }
        else if t[i + 1][j] >= t[i][j + 1] { i += 1 }
        else { j += 1 }
    }
    return out
}

/// The stretches between the common subsequence's pairs.
func hunks(_ a: [String], _ b: [String]) -> [Hunk] {
    var out: [Hunk] = []
    var i = 0, j = 0
    for (x, y) in lcs(a, b) + [(a.count, b.count)] {
        if x > i || y > j { out.append(Hunk(old: i..<x, new: j..<y)) }
        i = x + 1
        j = y + 1
    }
    return out
}
