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
    let regs: UnsafeMutablePointer<PackedValue>
    let stamps: UnsafeMutablePointer<UInt32>
    var epoch: UInt32 = 0
    let statusBuffer: UnsafeMutablePointer<UInt8>
    let needsBuffer: UnsafeMutablePointer<UInt64>
    let code: UnsafeMutablePointer<CompiledProgram.Instr>
    let nodes: UnsafeMutablePointer<CompiledProgram.NodeCode>
    let conditions: UnsafeMutablePointer<CompiledProgram.ConditionCode>
    let blocks: UnsafeMutablePointer<CompiledProgram.Block>
    let inputCount: Int
    /// Number of recommendations (codes).
    public let codeCount: Int
    /// Set by `run`: some code is undetermined.
    public private(set) var anyUndetermined = false
    /// Set by `run`, for the first 64 codes: bit c set when code c is recommended.
    public private(set) var recommendedBits: UInt64 = 0
    /// Set by `run`, for the first 64 codes: bit c set when code c is undetermined.
    public private(set) var undeterminedBits: UInt64 = 0

    public init(_ c: CompiledProgram) {
        compiled = c
        regs = .allocate(capacity: max(c.registerCount, 1))
        regs.initialize(from: c.initialRegisters, count: c.registerCount)
        let derived = max(c.slotCount - c.inputCount, 1)
        stamps = .allocate(capacity: derived)
        stamps.initialize(repeating: 0, count: derived)
        codeCount = c.program.recommendations.count
        statusBuffer = .allocate(capacity: max(codeCount, 1))
        statusBuffer.initialize(repeating: 0, count: max(codeCount, 1))
        needsBuffer = .allocate(capacity: max(codeCount, 1))
        needsBuffer.initialize(repeating: 0, count: max(codeCount, 1))
        code = c.code
        nodes = c.nodes
        conditions = c.conditions
        blocks = c.blocks
        inputCount = c.inputCount
    }

    deinit {
        regs.deinitialize(count: compiled.registerCount)
        regs.deallocate()
        stamps.deallocate()
        statusBuffer.deallocate()
        needsBuffer.deallocate()
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

    /// Copies all inputs from `source` (one value per input, in input order).
    @inline(__always) public func setInputs(from source: UnsafePointer<PackedValue>) {
        regs.update(from: source, count: inputCount)
    }
    @inline(__always) public func input(_ i: Int) -> PackedValue { regs[i] }

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
    @inline(__always) public func status(_ code: Int) -> UInt8 { statusBuffer[code] }
    /// For an undetermined code: the inputs that would decide it, as a bit mask by input index.
    @inline(__always) public func needs(_ code: Int) -> UInt64 { needsBuffer[code] }

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
            switch statusBuffer[c] {
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
        epoch &+= 1
        if epoch == 0 {
            stamps.update(repeating: 0, count: max(compiled.slotCount - inputCount, 1))
            epoch = 1
        }
        statusBuffer.update(repeating: 0, count: codeCount)
        needsBuffer.update(repeating: 0, count: codeCount)
        anyUndetermined = false
        recommendedBits = 0
        undeterminedBits = 0
        walk(0, compiled.rootCount, 2, 0)
        undeterminedBits &= ~recommendedBits
    }

    @inline(__always) func force(_ slot: Int) {
        let d = slot &- inputCount
        if stamps[d] != epoch {
            let b = blocks[d]
            exec(Int(b.start), Int(b.end))
            stamps[d] = epoch
        }
    }

    @inline(__always) func condition(_ ci: Int32) -> UInt8 {
        let c = conditions[Int(ci)]
        exec(Int(c.start), Int(c.end))
        return regs[Int(c.register)].truth
    }

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
                let s: UInt8 = reach == 2 ? 2 : 1
                var k = Int(n.lo)
                while k < Int(n.hi) {
                    let c = Int(compiled.codes[k])
                    k &+= 1
                    if s > statusBuffer[c] { statusBuffer[c] = s }
                    let bit: UInt64 = c < 64 ? 1 << UInt64(c) : 0
                    if s == 1 {
                        needsBuffer[c] |= path
                        anyUndetermined = true
                        undeterminedBits |= bit
                    } else {
                        recommendedBits |= bit
                    }
                }
            case .alternative, .otherwise:
                break
            }
        }
    }

    // MARK: instructions

    func exec(_ start: Int, _ end: Int) {
        var pc = start
        while pc < end {
            let i = code[pc]
            pc &+= 1
            switch i.op {
            case .mov:
                regs[Int(i.dst)] = regs[Int(i.a)]
            case .force:
                force(Int(i.a))
            case .cmpNK:
                let v = regs[Int(i.a)]
                if v.tag == PackedValue.numberTag {
                    regs[Int(i.dst)] = .bool(Self.compare(i.sub, v.number, Double(bitPattern: i.imm)))
                } else {
                    regs[Int(i.dst)] = Self.compare(i.sub, v, .number(Double(bitPattern: i.imm)))
                }
            case .cmp:
                regs[Int(i.dst)] = Self.compare(i.sub, regs[Int(i.a)], regs[Int(i.b)])
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
                let v = regs[Int(i.a)]
                if v.tag == PackedValue.memberTag {
                    let inSet = v.bits < 64 && (i.imm >> v.bits) & 1 != 0
                    regs[Int(i.dst)] = .bool(inSet != (i.sub != 0))
                } else {
                    regs[Int(i.dst)] = .unknown
                }
            case .mem:
                let v = regs[Int(i.a)], s = regs[Int(i.b)]
                if v.tag == PackedValue.memberTag, s.tag == PackedValue.setTag {
                    let inSet = v.bits < 64 && (s.bits >> v.bits) & 1 != 0
                    regs[Int(i.dst)] = .bool(inSet != (i.sub != 0))
                } else {
                    regs[Int(i.dst)] = .unknown
                }
            case .neg:
                let v = regs[Int(i.a)]
                regs[Int(i.dst)] = v.tag == PackedValue.numberTag ? .number(-v.number) : .unknown
            case .add, .sub, .mul, .div:
                regs[Int(i.dst)] = Self.arith(i.op, regs[Int(i.a)], regs[Int(i.b)])
            case .select:
                let t = regs[Int(i.a)].truth
                let x = regs[Int(i.b)], y = regs[Int(i.imm)]
                regs[Int(i.dst)] = t == 2 ? x : t == 0 ? y : (PackedValue.same(x, y) ? x : .unknown)
            case .table:
                regs[Int(i.dst)] = table(Int(i.a))
            }
        }
    }

    @inline(__always) static func compare(_ op: UInt8, _ x: Double, _ y: Double) -> Bool {
        switch op {
        case 0: return x < y
        case 1: return x <= y
        case 2: return x > y
        case 3: return x >= y
        case 4: return x == y
        default: return x != y
        }
    }

    /// `Evaluator.compare` on packed values.
    static func compare(_ op: UInt8, _ a: PackedValue, _ b: PackedValue) -> PackedValue {
        if a.tag == PackedValue.numberTag, b.tag == PackedValue.numberTag { return .bool(compare(op, a.number, b.number)) }
        if a.isUnknown || b.isUnknown { return .unknown }
        switch op {
        case 4: return .bool(PackedValue.same(a, b))
        case 5: return .bool(!PackedValue.same(a, b))
        default: return .unknown
        }
    }

    static func arith(_ op: CompiledProgram.Op, _ a: PackedValue, _ b: PackedValue) -> PackedValue {
        guard a.tag == PackedValue.numberTag, b.tag == PackedValue.numberTag else { return .unknown }
        let x = a.number, y = b.number
        let r: Double
        switch op {
        case .add: r = x + y
        case .sub: r = x - y
        case .mul: r = x * y
        default:
            if y == 0 { return .unknown }
            r = x / y
        }
        return r.isFinite ? .number(Units.roundBase(r)) : .unknown
    }

    // MARK: tables

    func table(_ t: Int) -> PackedValue {
        let c = compiled
        let tc = c.tables[t]
        guard tc.masked else { return genericTable(t) }
        let pool = c.pool
        let all: UInt64 = tc.rowCount == 64 ? ~0 : (1 << UInt64(tc.rowCount)) &- 1
        var sure = all, possible = all
        var k = Int(tc.columnStart)
        let columnEnd = k + Int(tc.columnCount)
        while k < columnEnd {
            let col = c.columns[k]
            k &+= 1
            let v = regs[Int(col.register)]
            if v.tag == PackedValue.unknownTag {
                sure &= col.anyMask
                continue
            }
            switch col.kind {
            case .numeric where v.tag == PackedValue.numberTag && !v.number.isNaN:
                let x = v.number
                let th = Int(col.thresholds), n = Int(col.count)
                var j = 0
                while j < n && Double(bitPattern: pool[th + j]) < x { j &+= 1 }
                let band = j < n && Double(bitPattern: pool[th + j]) == x ? 2 * j + 1 : 2 * j
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
            switch Evaluator.test(row.cells[Int(col.column)], value) {
            case .yes: sure |= 1 << UInt64(r); possible |= 1 << UInt64(r)
            case .unknown: possible |= 1 << UInt64(r)
            case .no: break
            }
        }
        return (sure, possible)
    }

    /// Tables beyond the bit-set form (more than 64 rows): row by row, as the tree evaluator.
    func genericTable(_ t: Int) -> PackedValue {
        let c = compiled
        let tc = c.tables[t]
        let table = c.program.tables[t]
        let firstColumn = Int(tc.columnStart)
        func rowTruth(_ r: Int) -> Truth {
            var truth = Truth.yes
            let cells = table.rows[r].cells
            for k in 0..<Int(tc.columnCount) {
                let v = regs[Int(c.columns[firstColumn + k].register)].value
                truth = truth && Evaluator.test(k < cells.count ? cells[k] : .any, v)
                if truth == .no { break }
            }
            return truth
        }
        let rows = table.rows
        switch table.policy {
        case .first, .unique:
            var first = -1, sureCount = 0
            for r in rows.indices where rowTruth(r) == .yes {
                if first < 0 { first = r }
                sureCount += 1
                if table.policy == .first { break }
            }
            guard first >= 0, table.policy == .first || sureCount == 1 else { return .unknown }
            let out = rows[first].output
            let limit = table.policy == .first ? first : rows.count
            for r in 0..<limit where r != first && rowTruth(r) == .unknown {
                if rows[r].output != out { return .unknown }
            }
            return PackedValue(out) ?? .unknown
        case .collect:
            var mask: UInt64 = 0
            for r in rows.indices where rowTruth(r) == .yes {
                if case .member(let m) = rows[r].output { mask |= 1 << UInt64(m) }
            }
            for r in rows.indices where rowTruth(r) == .unknown {
                guard case .member(let m) = rows[r].output, mask & (1 << UInt64(m)) != 0 else { return .unknown }
            }
            return .set(mask)
        }
    }

    // MARK: what an unknown condition needs

    func conditionNeeds(_ ci: Int32) -> UInt64 {
        unknownInputs(compiled.conditionIR[Int(ci)])
    }

    /// `Evaluator.unknownInputs` on the machine's registers, as a bit mask.
    func unknownInputs(_ ir: IR) -> UInt64 {
        guard evalTree(ir).isUnknown else { return 0 }
        switch ir {
        case .constant: return 0
        case .slot(let s):
            guard s >= 0, s < compiled.slotCount else { return 0 }
            if s < inputCount { return 1 << UInt64(s) }
            let p = compiled.program
            switch p.derived[s - inputCount].kind {
            case .letValue(let e): return unknownInputs(e)
            case .table(let t):
                var m: UInt64 = 0
                for col in p.tables[t].columns { m |= unknownInputs(col) }
                return m
            }
        case .negate(let a), .not(let a): return unknownInputs(a)
        case .arith(_, let a, let b), .compare(_, let a, let b), .and(let a, let b), .or(let a, let b),
             .member(let a, let b, _):
            return unknownInputs(a) | unknownInputs(b)
        case .conditional(let c, let a, let b):
            return unknownInputs(c) | unknownInputs(a) | unknownInputs(b)
        }
    }

    /// `Evaluator.eval` on the machine's registers (derived values computed on demand).
    func evalTree(_ ir: IR) -> PackedValue {
        switch ir {
        case .constant(let v): return PackedValue(v) ?? .unknown
        case .slot(let s):
            guard s >= 0, s < compiled.slotCount else { return .unknown }
            if s >= inputCount { force(s) }
            return regs[s]
        case .negate(let a):
            let v = evalTree(a)
            return v.tag == PackedValue.numberTag ? .number(-v.number) : .unknown
        case .arith(let op, let a, let b):
            let code: CompiledProgram.Op
            switch op {
            case .add: code = .add
            case .sub: code = .sub
            case .mul: code = .mul
            case .div: code = .div
            }
            return Self.arith(code, evalTree(a), evalTree(b))
        case .compare(let op, let a, let b):
            return Self.compare(CompiledProgram.Compiler.opIndex(op), evalTree(a), evalTree(b))
        case .and(let a, let b):
            let x = evalTree(a).truth
            if x == 0 { return .false }
            return .fromTruth(min(x, evalTree(b).truth))
        case .or(let a, let b):
            let x = evalTree(a).truth
            if x == 2 { return .true }
            return .fromTruth(max(x, evalTree(b).truth))
        case .not(let a): return .fromTruth(2 - evalTree(a).truth)
        case .member(let e, let s, let negated):
            let v = evalTree(e), set = evalTree(s)
            guard v.tag == PackedValue.memberTag, set.tag == PackedValue.setTag else { return .unknown }
            let inSet = v.bits < 64 && (set.bits >> v.bits) & 1 != 0
            return .bool(inSet != negated)
        case .conditional(let c, let a, let b):
            switch evalTree(c).truth {
            case 2: return evalTree(a)
            case 0: return evalTree(b)
            default:
                let x = evalTree(a), y = evalTree(b)
                return PackedValue.same(x, y) ? x : .unknown
            }
        }
    }
}
