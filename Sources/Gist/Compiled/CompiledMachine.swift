/// Evaluates cases with a `CompiledProgram`. One machine per thread: it owns its register file
/// and result buffers and reuses them for every case, so evaluating a case allocates nothing.
///
///     let m = CompiledMachine(compiled)
///     m.loadDefaults()
///     m.setInput(0, .number(45))
///     m.run()
///     m.status(code)   // 0 not made, 1 undetermined, 2 recommended
///     m.needs(code)    // bit i: input i would decide an undetermined code
public final class CompiledMachine {
    public let compiled: CompiledProgram
    /// Indexes of big tables (`genericTable`), by table.
    var tableIndexes: [Int: TableIndex] = [:]
    // Everything the hot path touches is a pointer held in a `let`: no exclusivity checks, no
    // reference counting while a case is evaluated.
    let regs: UnsafeMutablePointer<PackedValue>
    let stamps: UnsafeMutablePointer<UInt32>
    let state: UnsafeMutablePointer<State>
    /// Per code word: codes recommended (reached on a certain path).
    let recommendedWords: UnsafeMutablePointer<UInt64>
    /// Per code word: codes reached on an unknown path (possibly also recommended).
    let maybeWords: UnsafeMutablePointer<UInt64>
    let wordCount: Int
    let needsBuffer: UnsafeMutablePointer<UInt64>
    /// Code with `read` instructions (used while a case's reads are recorded) and without.
    let recordingCode: CodeSet
    let plainCode: CodeSet
    let nodes: UnsafeMutablePointer<CompiledProgram.NodeCode>

    struct CodeSet {
        let code: UnsafeMutablePointer<CompiledProgram.Instr>
        let blocks: UnsafeMutablePointer<CompiledProgram.Block>
        let conditions: UnsafeMutablePointer<CompiledProgram.ConditionCode>
    }

    @inline(__always) var codeSet: CodeSet { state.pointee.recording ? recordingCode : plainCode }
    let codeList: UnsafeMutablePointer<Int32>
    let tables: UnsafeMutablePointer<CompiledProgram.TableCode>
    let columns: UnsafeMutablePointer<CompiledProgram.ColumnCode>
    let pool: UnsafeMutablePointer<UInt64>
    let needsNodes: UnsafeMutablePointer<CompiledProgram.NeedsNode>
    let needsChildren: UnsafeMutablePointer<Int32>
    let inputCount: Int
    let derivedCount: Int
    let rootCount: Int
    /// Number of recommendations (codes).
    public let codeCount: Int

    struct State {
        var epoch: UInt32 = 0
        /// This case's input reads are being logged for the decision tree.
        var recording = false
        /// This case's inputs all fall into bands (so its course may enter the tree).
        var bandable = true
        var readCount = 0
        /// The tree is used / may still grow.
        var treeOn = false
        var learning = false
        var hits = 0
        var misses = 0
        var tree = DecisionTree()
    }

    /// A decision tree learned from evaluated cases: each inner node reads one input and
    /// branches on its band; a leaf holds the outcome. A case's course through the program is
    /// fixed by the bands of the inputs it reads, in the order it reads them, so a case that
    /// reaches a leaf has exactly the outcome that evaluation would give (see BandAnalysis).
    /// New courses are evaluated by the register code and added; the tree's size is capped.
    struct DecisionTree {
        /// A slot of the tree. An inner node's children are the `bandCount` slots from `base`
        /// (one per band of the variable it reads), so each step is one load.
        struct Node {
            enum Kind: UInt8 { case new, leaf, bool, member, other }
            var kind: Kind
            /// member: number of members.
            var count: UInt16 = 0
            /// The register of the input read here.
            var register: Int32 = 0
            /// Inner: first child slot; leaf: outcome offset.
            var base: Int32 = 0
            /// The variable read here.
            var variable: Int32 = -1
        }
        var nodes: UnsafeMutablePointer<Node>?
        var nodeCount = 0
        var nodeCapacity = 0
        /// Per outcome: recommended words, maybe words, then the needs of each maybe code.
        var outcomes: UnsafeMutablePointer<UInt64>?
        var outcomeCount = 0
        var outcomeCapacity = 0

        static let maxNodes = 1 << 19
        static let maxOutcomeWords = 1 << 18

        func free() {
            nodes?.deallocate()
            outcomes?.deallocate()
        }
    }

    /// Decision-tree cache statistics: inner and leaf nodes, cases answered by the tree, cases
    /// evaluated by the register code.
    public var decisionTreeStats: (nodes: Int, hits: Int, misses: Int) {
        (state.pointee.tree.nodeCount, state.pointee.hits, state.pointee.misses)
    }

    let variables: UnsafeMutablePointer<CompiledProgram.BandVariable>
    /// Per input: its first variable.
    let firstVariable: UnsafeMutablePointer<Int32>
    /// Variables read by the case being recorded (bit set).
    let readMask: UnsafeMutablePointer<UInt64>
    let readMaskWords: Int
    let readLog: UnsafeMutablePointer<(variable: Int32, band: Int32)>
    var outcomeIndex: [[UInt64]: Int32] = [:]

    /// `decisionTree`: learn and use a decision tree over input bands when the program allows
    /// it (worth it for a machine that evaluates many cases; see `DecisionTree`).
    public convenience init(_ c: CompiledProgram, decisionTree: Bool) {
        self.init(c)
        if decisionTree, c.bands != nil, !(c.bands?.variables.isEmpty ?? true) || c.inputCount == 0 {
            state.pointee.treeOn = true
            state.pointee.learning = true
            _ = newNodes(1)
        }
    }

    public init(_ c: CompiledProgram) {
        compiled = c
        regs = .allocate(capacity: max(c.registerCount, 1))
        regs.initialize(from: c.initialRegisters, count: c.registerCount)
        derivedCount = max(c.slotCount - c.inputCount, 1)
        stamps = .allocate(capacity: derivedCount)
        stamps.initialize(repeating: 0, count: derivedCount)
        state = .allocate(capacity: 1)
        state.initialize(to: State())
        codeCount = c.program.recommendations.count
        wordCount = max((codeCount + 63) / 64, 1)
        recommendedWords = .allocate(capacity: wordCount)
        recommendedWords.initialize(repeating: 0, count: wordCount)
        maybeWords = .allocate(capacity: wordCount)
        maybeWords.initialize(repeating: 0, count: wordCount)
        needsBuffer = .allocate(capacity: max(codeCount, 1))
        needsBuffer.initialize(repeating: 0, count: max(codeCount, 1))
        recordingCode = CodeSet(code: c.code, blocks: c.blocks, conditions: c.conditions)
        plainCode = CodeSet(code: c.plainCode, blocks: c.plainBlocks, conditions: c.plainConditions)
        nodes = c.nodes
        codeList = c.codes
        tables = c.tables
        columns = c.columns
        pool = c.pool
        needsNodes = c.needsNodes
        needsChildren = c.needsChildren
        inputCount = c.inputCount
        rootCount = c.rootCount
        let list = c.bands?.variables ?? []
        variables = .allocate(capacity: max(list.count, 1))
        if !list.isEmpty { variables.initialize(from: list, count: list.count) }
        let first = c.bands?.first ?? []
        firstVariable = .allocate(capacity: max(first.count, 1))
        if !first.isEmpty { firstVariable.initialize(from: first, count: first.count) }
        readMaskWords = max((list.count + 63) / 64, 1)
        readMask = .allocate(capacity: readMaskWords)
        readMask.initialize(repeating: 0, count: readMaskWords)
        readLog = .allocate(capacity: max(list.count, 1))
    }

    deinit {
        regs.deinitialize(count: compiled.registerCount)
        regs.deallocate()
        stamps.deallocate()
        recommendedWords.deallocate()
        maybeWords.deallocate()
        needsBuffer.deallocate()
        state.pointee.tree.free()
        state.deallocate()
        variables.deallocate()
        firstVariable.deallocate()
        readMask.deallocate()
        readLog.deallocate()
    }

    // MARK: inputs

    /// Sets every input to its default (or unknown).
    public func loadDefaults() {
        compiled.defaults.withUnsafeBufferPointer { d in
            guard let base = d.baseAddress else { return }
            regs.update(from: base, count: d.count)
        }
    }

    @inline(__always) public func setInput(_ i: Int, _ v: PackedValue) { regs[i] = v }
    @inline(__always) public func input(_ i: Int) -> PackedValue { regs[i] }

    /// Copies all inputs from `source` (one value per input, in input order).
    @inline(__always) public func setInputs(from source: UnsafePointer<PackedValue>) {
        regs.update(from: source, count: inputCount)
    }

    /// Loads input values as the tree evaluator reads them (missing positions are unknown).
    /// False when a value has no packed form (a string) or there are too many values.
    public func load(_ inputs: [Value]) -> Bool {
        guard inputs.count <= inputCount else { return false }
        for i in 0..<inputCount {
            guard let p = PackedValue(i < inputs.count ? inputs[i] : .unknown) else { return false }
            regs[i] = p
        }
        return true
    }

    // MARK: results

    /// 0: not made, 1: undetermined, 2: recommended.
    @inline(__always) public func status(_ code: Int) -> UInt8 {
        let bit: UInt64 = 1 << UInt64(code & 63)
        if recommendedWords[code >> 6] & bit != 0 { return 2 }
        return maybeWords[code >> 6] & bit != 0 ? 1 : 0
    }

    /// For an undetermined code: the inputs that would decide it, as a bit mask by input index.
    @inline(__always) public func needs(_ code: Int) -> UInt64 { needsBuffer[code] }

    /// Codes 64w..<64(w+1) recommended, as bits.
    @inline(__always) public func recommendedWord(_ w: Int) -> UInt64 { recommendedWords[w] }
    /// Codes 64w..<64(w+1) undetermined, as bits.
    @inline(__always) public func undeterminedWord(_ w: Int) -> UInt64 { maybeWords[w] & ~recommendedWords[w] }

    /// Codes 0..<64 recommended, as bits.
    @inline(__always) public var recommendedBits: UInt64 { recommendedWords[0] }
    /// Codes 0..<64 undetermined, as bits.
    @inline(__always) public var undeterminedBits: UInt64 { maybeWords[0] & ~recommendedWords[0] }

    /// Some code is undetermined.
    public var anyUndetermined: Bool {
        for w in 0..<wordCount where maybeWords[w] & ~recommendedWords[w] != 0 { return true }
        return false
    }

    /// The value of a slot (input or derived) for the last case run.
    public func value(ofSlot s: Int) -> Value {
        guard s >= 0, s < compiled.slotCount else { return .unknown }
        if s >= inputCount { force(s) }
        return regs[s].value
    }

    /// The outcome in the tree evaluator's shape (computes every derived value).
    public func outcome() -> Evaluator.Outcome {
        var values: [Value] = []
        values.reserveCapacity(compiled.slotCount)
        for s in 0..<compiled.slotCount { values.append(value(ofSlot: s)) }
        var recommended: [Int] = []
        var undetermined: [(code: Int, needs: [Int])] = []
        for c in 0..<codeCount {
            switch status(c) {
            case 2: recommended.append(c)
            case 1:
                var list: [Int] = []
                var m = needsBuffer[c]
                while m != 0 {
                    list.append(m.trailingZeroBitCount)
                    m &= m &- 1
                }
                undetermined.append((c, list))
            default: break
            }
        }
        return Evaluator.Outcome(values: values, recommended: recommended, undetermined: undetermined)
    }

    // MARK: running

    /// Evaluates the case in the input registers.
    public func run() {
        var epoch = state.pointee.epoch &+ 1
        if epoch == 0 {
            stamps.update(repeating: 0, count: derivedCount)
            epoch = 1
        }
        state.pointee.epoch = epoch
        clearResults()
        if state.pointee.treeOn {
            if let outcome = lookUp() {
                state.pointee.hits &+= 1
                apply(outcome)
                return
            }
            state.pointee.misses &+= 1
        }
        let record = state.pointee.learning && state.pointee.bandable
        if record {
            state.pointee.recording = true
            readMask.update(repeating: 0, count: readMaskWords)
            state.pointee.readCount = 0
        }
        walk(0, rootCount, 2, 0)
        if record {
            state.pointee.recording = false
            if state.pointee.bandable { learn() }
        }
    }

    @inline(__always) func clearResults() {
        for w in 0..<wordCount {
            // Clear the needs of the codes the previous case touched.
            var m = maybeWords[w]
            while m != 0 {
                needsBuffer[w << 6 | m.trailingZeroBitCount] = 0
                m &= m &- 1
            }
            maybeWords[w] = 0
            recommendedWords[w] = 0
        }
    }

    // MARK: decision tree

    /// The band of variable v's value: 0 unknown, 1… a band; -1 when the value is not of the
    /// input's type (then the case is evaluated, not looked up).
    @inline(__always) func band(_ v: Int) -> Int {
        let b = variables[v]
        let x = regs[Int(b.input)]
        if x.tag == PackedValue.unknownTag { return 0 }
        switch b.kind {
        case .bool:
            return x.tag == PackedValue.boolTag ? 1 + Int(x.bits & 1) : -1
        case .member:
            return x.tag == PackedValue.memberTag && x.bits < UInt64(b.count) ? 1 + Int(x.bits) : -1
        case .number:
            guard x.tag == PackedValue.numberTag else { return -1 }
            let d = x.number
            let th = Int(b.offset), n = Int(b.count)
            var j = 0
            while j < n && PackedValue.rational(pool, th + 2 * j) < d { j &+= 1 }
            return j < n && PackedValue.rational(pool, th + 2 * j) == d ? 2 * j + 2 : 2 * j + 1
        case .setMember:
            guard x.tag == PackedValue.setTag, x.bits & ~b.valid == 0 else { return -1 }
            return x.bits & b.bit != 0 ? 2 : 1
        case .setPresence:
            return x.tag == PackedValue.setTag && x.bits & ~b.valid == 0 ? 1 : -1
        }
    }

    /// Logs the first read of variable v while recording.
    @inline(__always) func noteRead(_ v: Int) {
        guard state.pointee.recording else { return }
        let bit: UInt64 = 1 << UInt64(v & 63)
        if readMask[v >> 6] & bit != 0 { return }
        readMask[v >> 6] |= bit
        let b = band(v)
        if b < 0 {
            state.pointee.bandable = false
            state.pointee.recording = false
            return
        }
        readLog[state.pointee.readCount] = (Int32(v), Int32(b))
        state.pointee.readCount &+= 1
    }

    /// The outcome offset for the case in the registers, if the tree knows its course.
    @inline(__always) func lookUp() -> Int? {
        guard let nodes = state.pointee.tree.nodes else { return nil }
        state.pointee.bandable = true
        var n = nodes[0]
        while true {
            let b: Int
            switch n.kind {
            case .leaf: return Int(n.base)
            case .new: return nil
            case .bool:
                let x = regs[Int(n.register)]
                b = x.tag == PackedValue.boolTag ? 1 + Int(x.bits & 1) : x.tag == PackedValue.unknownTag ? 0 : -1
            case .member:
                let x = regs[Int(n.register)]
                b = x.tag == PackedValue.memberTag && x.bits < UInt64(n.count) ? 1 + Int(x.bits)
                    : x.tag == PackedValue.unknownTag ? 0 : -1
            case .other:
                b = band(Int(n.variable))
            }
            if b < 0 {
                state.pointee.bandable = false
                return nil
            }
            n = nodes[Int(n.base) &+ b]
        }
    }

    @inline(__always) func apply(_ offset: Int) {
        guard let outcomes = state.pointee.tree.outcomes else { return }
        var k = offset
        for w in 0..<wordCount { recommendedWords[w] = outcomes[k + w] }
        k += wordCount
        for w in 0..<wordCount { maybeWords[w] = outcomes[k + w] }
        k += wordCount
        for w in 0..<wordCount {
            var m = maybeWords[w]
            while m != 0 {
                needsBuffer[w << 6 | m.trailingZeroBitCount] = outcomes[k]
                k &+= 1
                m &= m &- 1
            }
        }
    }

    /// Appends `count` new slots; returns the first.
    func newNodes(_ count: Int) -> Int32? {
        var t = state.pointee.tree
        defer { state.pointee.tree = t }
        if t.nodeCount + count > t.nodeCapacity {
            guard t.nodeCount + count <= DecisionTree.maxNodes else { return nil }
            var capacity = max(t.nodeCapacity * 2, 1024)
            while capacity < t.nodeCount + count { capacity *= 2 }
            let fresh = UnsafeMutablePointer<DecisionTree.Node>.allocate(capacity: capacity)
            if let old = t.nodes {
                fresh.moveInitialize(from: old, count: t.nodeCount)
                old.deallocate()
            }
            t.nodes = fresh
            t.nodeCapacity = capacity
        }
        guard let nodes = t.nodes else { return nil }
        (nodes + t.nodeCount).initialize(repeating: DecisionTree.Node(kind: .new), count: count)
        t.nodeCount += count
        return Int32(t.nodeCount - count)
    }

    func storeOutcome() -> Int32? {
        var words: [UInt64] = []
        for w in 0..<wordCount { words.append(recommendedWords[w]) }
        for w in 0..<wordCount { words.append(maybeWords[w]) }
        for w in 0..<wordCount {
            var m = maybeWords[w]
            while m != 0 {
                words.append(needsBuffer[w << 6 | m.trailingZeroBitCount])
                m &= m &- 1
            }
        }
        if let known = outcomeIndex[words] { return known }
        var t = state.pointee.tree
        defer { state.pointee.tree = t }
        if t.outcomeCount + words.count > t.outcomeCapacity {
            guard t.outcomeCount + words.count <= DecisionTree.maxOutcomeWords else { return nil }
            var capacity = max(t.outcomeCapacity * 2, 1024)
            while capacity < t.outcomeCount + words.count { capacity *= 2 }
            let fresh = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
            if let old = t.outcomes {
                fresh.moveInitialize(from: old, count: t.outcomeCount)
                old.deallocate()
            }
            t.outcomes = fresh
            t.outcomeCapacity = capacity
        }
        let offset = Int32(t.outcomeCount)
        guard let outcomes = t.outcomes else { return nil }
        (outcomes + t.outcomeCount).initialize(from: words, count: words.count)
        t.outcomeCount += words.count
        outcomeIndex[words] = offset
        return offset
    }

    /// Adds the course just evaluated (the read log) and its outcome to the tree.
    func learn() {
        func stop(consistent: Bool) {
            state.pointee.learning = false
            // A course that contradicts the tree would mean the bands are wrong: stop using it.
            if !consistent { state.pointee.treeOn = false }
        }
        var node = 0
        for k in 0..<state.pointee.readCount {
            let (variable, band) = readLog[k]
            guard let n = state.pointee.tree.nodes?[node] else { return stop(consistent: false) }
            var base = n.base
            if n.kind == .new {
                let v = variables[Int(variable)]
                guard let b = newNodes(Int(v.bandCount)) else { return stop(consistent: true) }
                base = b
                let kind: DecisionTree.Node.Kind = v.kind == .bool ? .bool : v.kind == .member && v.count < 65536 ? .member : .other
                state.pointee.tree.nodes?[node] = DecisionTree.Node(kind: kind, count: UInt16(clamping: v.count),
                                                                    register: v.input, base: b, variable: variable)
            } else if n.kind == .leaf || n.variable != variable {
                return stop(consistent: false)
            }
            node = Int(base) + Int(band)
        }
        guard let leaf = state.pointee.tree.nodes?[node] else { return stop(consistent: false) }
        guard leaf.kind == .new else { return stop(consistent: leaf.kind == .leaf) }
        guard let offset = storeOutcome() else { return stop(consistent: true) }
        state.pointee.tree.nodes?[node] = DecisionTree.Node(kind: .leaf, base: offset)
    }

    @inline(__always) func force(_ slot: Int) {
        let d = slot &- inputCount
        let epoch = state.pointee.epoch
        if stamps[d] != epoch {
            let set = codeSet
            let b = set.blocks[d]
            exec(set.code, Int(b.start), Int(b.end))
            stamps[d] = epoch
        }
    }

    @inline(__always) func condition(_ ci: Int32) -> UInt8 {
        let set = codeSet
        let c = set.conditions[Int(ci)]
        if c.start != c.end { exec(set.code, Int(c.start), Int(c.end)) }
        return regs[Int(c.register)].truth
    }

    /// `PathwayTraversal.walk` in 0/1/2 over the flattened nodes, for speed (no hooks, needs as
    /// bit masks); the conformance corpus pins the two together.
    func walk(_ lo: Int, _ hi: Int, _ reach: UInt8, _ path: UInt64) {
        var i = lo
        while i < hi {
            let n = nodes[i]
            i &+= 1
            switch n.kind {
            case .when:
                let t = condition(n.condition)
                let r = min(reach, t)
                if r == 0 { continue }
                walk(Int(n.lo), Int(n.hi), r, t == 1 ? path | conditionNeeds(n.condition) : path)
            case .first:
                var prior: UInt8 = 2
                var extra = path
                var k = Int(n.lo)
                while k < Int(n.hi) {
                    let a = nodes[k]
                    k &+= 1
                    if a.kind == .otherwise {
                        if prior != 0 { walk(Int(a.lo), Int(a.hi), min(reach, prior), extra) }
                        break
                    }
                    let t = condition(a.condition)
                    let r = min(reach, min(prior, t))
                    let own: UInt64 = t == 1 ? conditionNeeds(a.condition) : 0
                    if r != 0 { walk(Int(a.lo), Int(a.hi), r, extra | own) }
                    prior = min(prior, 2 &- t)
                    extra |= own
                    if prior == 0 { break }
                }
            case .recommend:
                var k = Int(n.lo)
                let end = Int(n.hi)
                if reach == 2 {
                    while k < end {
                        let c = Int(codeList[k])
                        k &+= 1
                        recommendedWords[c >> 6] |= 1 << UInt64(c & 63)
                    }
                } else {
                    while k < end {
                        let c = Int(codeList[k])
                        k &+= 1
                        maybeWords[c >> 6] |= 1 << UInt64(c & 63)
                        needsBuffer[c] |= path
                    }
                }
            case .alternative, .otherwise:
                break
            }
        }
    }

    // MARK: instructions

    func exec(_ code: UnsafeMutablePointer<CompiledProgram.Instr>, _ start: Int, _ end: Int) {
        var pc = start
        while pc < end {
            let i = code[pc]
            pc &+= 1
            switch i.op {
            case .mov:
                regs[Int(i.dst)] = regs[Int(i.a)]
            case .force:
                let d = Int(i.a) &- inputCount
                if stamps[d] != state.pointee.epoch { force(Int(i.a)) }
            case .eqMK:
                regs[Int(i.dst)] = Operators.compare(i.compare, regs[Int(i.a)], .member(Int(truncatingIfNeeded: i.imm)))
            case .read:
                noteRead(Int(i.a))
            case .cmpNK:
                let v = regs[Int(i.a)]
                let k = PackedValue.rational(pool, Int(i.imm))
                if v.tag == PackedValue.numberTag {
                    regs[Int(i.dst)] = .bool(Operators.compare(i.compare, v.number, k))
                } else {
                    regs[Int(i.dst)] = Operators.compare(i.compare, v, .number(k))
                }
            case .cmp:
                regs[Int(i.dst)] = Operators.compare(i.compare, regs[Int(i.a)], regs[Int(i.b)])
            case .andJ:
                if regs[Int(i.a)].truth == 0 {
                    regs[Int(i.dst)] = .false
                    pc = Int(i.b)
                }
            case .and:
                regs[Int(i.dst)] = .fromTruth(min(regs[Int(i.a)].truth, regs[Int(i.b)].truth))
            case .orJ:
                if regs[Int(i.a)].truth == 2 {
                    regs[Int(i.dst)] = .true
                    pc = Int(i.b)
                }
            case .or:
                regs[Int(i.dst)] = .fromTruth(max(regs[Int(i.a)].truth, regs[Int(i.b)].truth))
            case .not:
                regs[Int(i.dst)] = .fromTruth(2 &- regs[Int(i.a)].truth)
            case .memK:
                regs[Int(i.dst)] = Operators.member(regs[Int(i.a)], inMask: i.imm, negated: i.sub != 0)
            case .mem:
                regs[Int(i.dst)] = Operators.member(regs[Int(i.a)], regs[Int(i.b)], negated: i.sub != 0)
            case .neg:
                regs[Int(i.dst)] = Operators.negate(regs[Int(i.a)])
            case .arith:
                regs[Int(i.dst)] = Operators.arith(i.arith, regs[Int(i.a)], regs[Int(i.b)])
            case .select:
                regs[Int(i.dst)] = Operators.select(regs[Int(i.a)].truthValue, regs[Int(i.b)], regs[Int(i.imm)])
            case .table:
                regs[Int(i.dst)] = table(Int(i.a))
            case .known:
                regs[Int(i.dst)] = Operators.known(regs[Int(i.a)])
            case .call:
                let f = Builtin.allCases[Int(i.sub) % Builtin.allCases.count]
                regs[Int(i.dst)] = Operators.call(f, regs[Int(i.a)], regs[Int(i.b)])
            }
        }
    }

    // MARK: tables

    func table(_ t: Int) -> PackedValue {
        let tc = tables[t]
        guard tc.masked else { return genericTable(t) }
        let all: UInt64 = tc.rowCount == 64 ? ~0 : (1 << UInt64(tc.rowCount)) &- 1
        var sure = all, possible = all
        var k = Int(tc.columnStart)
        let columnEnd = k + Int(tc.columnCount)
        while k < columnEnd {
            let col = columns[k]
            k &+= 1
            let v = regs[Int(col.register)]
            if v.tag == PackedValue.unknownTag {
                sure &= col.anyMask
                continue
            }
            switch col.kind {
            case .numeric where v.tag == PackedValue.numberTag:
                let x = v.number
                let th = Int(col.thresholds), n = Int(col.count)
                var j = 0
                while j < n && PackedValue.rational(pool, th + 2 * j) < x { j &+= 1 }
                let band = j < n && PackedValue.rational(pool, th + 2 * j) == x ? 2 * j + 1 : 2 * j
                let m = pool[Int(col.masks) + band]
                sure &= m
                possible &= m
            case .member where v.tag == PackedValue.memberTag && v.bits < UInt64(col.count):
                let m = pool[Int(col.masks) + Int(v.bits)]
                sure &= m
                possible &= m
            case .bool where v.tag == PackedValue.boolTag:
                let m = pool[Int(col.masks) + (v.bits != 0 ? 1 : 0)]
                sure &= m
                possible &= m
            default:
                let (s, p) = genericColumn(col, v)
                sure &= s
                possible &= p
            }
        }
        let maybe = possible & ~sure
        switch tc.policy {
        case .first:
            guard sure != 0 else { return .unknown }
            let s = sure.trailingZeroBitCount
            let before = maybe & ((1 << UInt64(s)) &- 1)
            if before & ~pool[Int(tc.sameOutput) + s] != 0 { return .unknown }
            return regs[Int(pool[Int(tc.outputRegister) + s])]
        case .unique:
            guard sure.nonzeroBitCount == 1 else { return .unknown }
            let s = sure.trailingZeroBitCount
            if maybe & ~pool[Int(tc.sameOutput) + s] != 0 { return .unknown }
            return regs[Int(pool[Int(tc.outputRegister) + s])]
        case .collect:
            var mask: UInt64 = 0
            var rows = sure & tc.memberRows
            while rows != 0 {
                mask |= pool[Int(tc.outputBit) + rows.trailingZeroBitCount]
                rows &= rows &- 1
            }
            if maybe & ~tc.memberRows != 0 { return .unknown }
            var m = maybe
            while m != 0 {
                if pool[Int(tc.outputBit) + m.trailingZeroBitCount] & mask == 0 { return .unknown }
                m &= m &- 1
            }
            return .set(mask)
        }
    }

    /// Rows whose cell surely / possibly matches a value, cell by cell.
    func genericColumn(_ col: CompiledProgram.ColumnCode, _ v: PackedValue) -> (UInt64, UInt64) {
        let rows = compiled.program.tables[Int(col.table)].rows
        let value = v.value
        var sure: UInt64 = 0, possible: UInt64 = 0
        for (r, row) in rows.enumerated() {
            switch Operators.cellTest(row.cells[Int(col.column)], value) {
            case .yes: sure |= 1 << UInt64(r); possible |= 1 << UInt64(r)
            case .unknown: possible |= 1 << UInt64(r)
            case .no: break
            }
        }
        return (sure, possible)
    }

    /// The index of table `t`, built on first use (each machine has its own).
    func tableIndex(_ t: Int) -> TableIndex {
        if let index = tableIndexes[t] { return index }
        let index = TableIndex(compiled.program.tables[t])
        tableIndexes[t] = index
        return index
    }

    /// Tables beyond the bit-set form (more than 64 rows): row by row, as the tree evaluator,
    /// over the rows the table's index leaves.
    func genericTable(_ t: Int) -> PackedValue {
        let c = compiled
        let tc = c.tables[t]
        let table = c.program.tables[t]
        let firstColumn = Int(tc.columnStart)
        // Rows outside the index's candidates surely do not match.
        let candidates = tableIndex(t).candidates { k in regs[Int(c.columns[firstColumn + k].register)].value }
        let rowsToTest = candidates.map { Array($0.lazy.map { Int($0) }) } ?? Array(table.rows.indices)
        let value = TableTally.decide(table.policy, rows: rowsToTest, output: { table.rows[$0].output }) { r in
            var truth = Truth.yes
            let cells = table.rows[r].cells
            for k in 0..<Int(tc.columnCount) {
                let v = regs[Int(c.columns[firstColumn + k].register)].value
                truth = truth && Operators.cellTest(k < cells.count ? cells[k] : .any, v)
                if truth == .no { break }
            }
            return truth
        }
        return PackedValue(value) ?? .unknown
    }

    // MARK: what an unknown condition needs

    @inline(__always) func conditionNeeds(_ ci: Int32) -> UInt64 {
        needs(node: Int(plainCode.conditions[Int(ci)].needs))
    }

    /// `Evaluator.unknownInputs` over the registers of this case, as a bit mask (the shared
    /// rule, `NeedsGraph`).
    func needs(node n: Int) -> UInt64 {
        var m: UInt64 = 0
        NeedsNodes(nodes: needsNodes, children: needsChildren, regs: regs).unknownInputs(of: n) { i in
            if state.pointee.recording { noteRead(Int(firstVariable[i])) }
            m |= 1 << UInt64(i)
        }
        return m
    }
}

/// A machine's needs nodes as a needs graph, over the registers of the current case.
struct NeedsNodes: NeedsGraph {
    let nodes: UnsafeMutablePointer<CompiledProgram.NeedsNode>
    let children: UnsafeMutablePointer<Int32>
    let regs: UnsafeMutablePointer<PackedValue>

    @inline(__always) func isUnknown(_ n: Int) -> Bool { regs[Int(nodes[n].register)].isUnknown }

    @inline(__always) func input(_ n: Int) -> Int? {
        let node = nodes[n]
        return node.kind == .input ? Int(node.a) : nil
    }

    @inline(__always) func forEachPart(of n: Int, _ visit: (Int) -> Void) {
        let node = nodes[n]
        switch node.kind {
        case .constant, .input: break
        case .derived: visit(Int(node.a))
        case .operation: for k in Int(node.a)..<Int(node.a + node.b) { visit(Int(children[k])) }
        }
    }
}
