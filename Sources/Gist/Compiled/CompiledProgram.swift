import Synchronization

/// A checked program compiled once into flat, allocation-free form for fast evaluation:
///
/// - every expression becomes a short run of register instructions (`Instr`) over one register
///   file that holds the inputs, the derived values, the constants and the temporaries — no
///   names, no string comparisons, no boxes;
/// - derived values (lets and tables) are computed lazily, once per case, the first time a
///   condition reads them;
/// - a decision table with at most 64 rows is evaluated with row bit sets: each column's value
///   selects, by its band (numbers) or member index, the set of rows whose cell surely matches,
///   and the rows are intersected in a few machine words;
/// - the pathway is a flat array of nodes walked with three-valued reachability, collecting the
///   inputs that would decide undetermined recommendations as a bit mask.
///
/// The semantics are exactly those of the tree evaluator (`Evaluator`'s reference
/// implementation), which the tests check on random cases. A program that uses strings, has
/// more than 64 inputs, or otherwise falls outside the compiled form is not compiled
/// (`init` returns nil) and is evaluated by the tree evaluator.
public final class CompiledProgram: @unchecked Sendable {
    /// Idle machines for one-off evaluations (`Evaluator.evaluate`), reused across calls. A
    /// machine is used by one thread at a time; it only moves between threads through here.
    let idle = Mutex<[IdleMachine]>([])

    struct IdleMachine: @unchecked Sendable { let machine: CompiledMachine }

    /// Runs `body` with a machine of this program (without a decision tree), taken from the
    /// idle ones if any, and gives it back afterwards. Safe from any thread.
    public func withMachine<T>(_ body: (CompiledMachine) -> T) -> T {
        let machine = idle.withLock { $0.popLast() }?.machine ?? CompiledMachine(self)
        let result = body(machine)
        let handle = IdleMachine(machine: machine)
        idle.withLock { if $0.count < 8 { $0.append(handle) } }
        return result
    }

    public let program: Program
    let inputCount: Int
    let slotCount: Int
    let registerCount: Int
    /// Initial register file: unknown inputs and derived values, constants in place.
    let initialRegisters: [PackedValue]
    /// Each input's default (or unknown), packed.
    public let defaults: [PackedValue]

    // Flat storage, owned by this object and never mutated after init.
    let code: UnsafeMutablePointer<Instr>
    let codeCount: Int
    /// Per derived value: its code block.
    let blocks: UnsafeMutablePointer<Block>
    let tables: UnsafeMutablePointer<TableCode>
    let columns: UnsafeMutablePointer<ColumnCode>
    /// Thresholds and number constants (two words each: numerator and denominator bits, see
    /// `PackedValue.rational`), band masks, per-row output data.
    let pool: UnsafeMutablePointer<UInt64>
    let nodes: UnsafeMutablePointer<NodeCode>
    let nodeCount: Int
    let conditions: UnsafeMutablePointer<ConditionCode>
    /// The same code without `read` instructions (what runs when no read is being recorded),
    /// with its own block and condition ranges. Equal to the above when there are no reads.
    let plainCode: UnsafeMutablePointer<Instr>
    let plainBlocks: UnsafeMutablePointer<Block>
    let plainConditions: UnsafeMutablePointer<ConditionCode>
    let codes: UnsafeMutablePointer<Int32>
    /// What an unknown value needs, per compiled expression node (see `NeedsNode`).
    let needsNodes: UnsafeMutablePointer<NeedsNode>
    let needsChildren: UnsafeMutablePointer<Int32>
    /// The decision tree's variables; nil when the program reads some number or set input in a
    /// way bands cannot capture.
    let bands: Bands?
    /// Number of top-level pathway nodes (nodes[0..<rootCount]).
    let rootCount: Int

    struct Block { var start: Int32; var end: Int32 }

    struct ConditionCode {
        var start: Int32
        var end: Int32
        /// The register holding the condition's value after its code ran.
        var register: Int32
        /// Its needs node.
        var needs: Int32
    }

    /// One expression node, for the inputs that make an unknown value unknown
    /// (`Evaluator.unknownInputs`): when the node's register is unknown, an input needs itself,
    /// a derived value what its definition needs, an operation what its operands need. When a
    /// node is unknown its operands were all computed (`and`/`or` only skip the second operand
    /// when the first decides), so the registers hold this case's values.
    struct NeedsNode {
        enum Kind: UInt8 { case constant, input, derived, operation }
        var kind: Kind
        var register: Int32
        /// input: the input index; derived: the definition's node; operation: first child in
        /// `needsChildren`.
        var a: Int32
        /// operation: number of children.
        var b: Int32
    }

    /// A variable of the decision tree: an input (or one member of a set input) whose values
    /// fall into bands; every value in one band takes the same course through the whole
    /// program (see BandAnalysis). Band 0 is "unknown".
    struct BandVariable: Sendable {
        enum Kind: UInt8 { case bool, member, number, setMember, setPresence }
        var kind: Kind
        var input: Int32
        /// member: number of members; number: number of thresholds.
        var count: Int32 = 0
        /// number: thresholds at pool[offset..<offset+count].
        var offset: Int32 = 0
        /// setMember: the member's bit.
        var bit: UInt64 = 0
        /// set: the enum's members (a value with other bits is not banded).
        var valid: UInt64 = 0
        var bandCount: Int32
    }

    struct Bands: Sendable {
        var variables: [BandVariable]
        /// Per input: its first variable and how many it has.
        var first: [Int32]
        var count: [Int32]
    }

    enum NodeKind: UInt8 { case when, first, alternative, otherwise, recommend }

    struct NodeCode {
        var kind: NodeKind
        /// Condition index (when, alternative); -1 otherwise.
        var condition: Int32
        /// Children (body of when/alternative/otherwise, alternatives of first) or, for
        /// recommend, the range in `codes`.
        var lo: Int32
        var hi: Int32
    }

    enum ColumnKind: UInt8 { case numeric, member, bool, generic }

    struct ColumnCode {
        var kind: ColumnKind
        var register: Int32
        /// Rows whose cell is `any`.
        var anyMask: UInt64
        /// numeric: thresholds at pool[thresholds..<thresholds+count], band masks at
        /// pool[masks..<masks+2*count+1]. member: masks per member index at pool[masks..<masks+count].
        /// bool: pool[masks] (false), pool[masks+1] (true).
        var thresholds: Int32
        var masks: Int32
        var count: Int32
        /// The table and column, for the generic path.
        var table: Int32
        var column: Int32
    }

    struct TableCode {
        var policy: HitPolicy
        var rowCount: Int32
        var columnStart: Int32
        var columnCount: Int32
        /// Bit sets are usable (at most 64 rows, no generic trouble).
        var masked: Bool
        /// pool offsets: per row, the register of its output constant; rows with an equal
        /// output; the output's member bit (collect).
        var outputRegister: Int32
        var sameOutput: Int32
        var outputBit: Int32
        /// Rows whose output is an enum member (collect).
        var memberRows: UInt64
    }

    struct Instr {
        var op: Op
        /// A flag of the operation (negated membership).
        var sub: UInt8 = 0
        /// The operator of `arith`, and of `cmp`, `cmpNK` and `eqMK` (typed, so the machine's
        /// dispatch on them is exhaustive; both fit in the instruction's padding).
        var arith: ArithOp = .add
        var compare: CompareOp = .eq
        var dst: Int32 = 0
        var a: Int32 = 0
        var b: Int32 = 0
        var imm: UInt64 = 0
    }

    enum Op: UInt8 {
        /// dst = a
        case mov
        /// compute derived value `a` (a slot) if not yet computed for this case
        case force
        case neg
        /// dst = a arith b
        case arith
        /// dst = a compare b
        case cmp
        /// dst = a compare the number at pool[imm] (two words)
        case cmpNK
        /// dst = a compare member imm (compare is == or !=)
        case eqMK
        /// input `a` is read (records the read when the decision-tree cache is learning)
        case read
        /// if truth(a) == no { dst = false; pc = b }
        case andJ
        /// dst = truth(a) && truth(b)
        case and
        /// if truth(a) == yes { dst = true; pc = b }
        case orJ
        case or
        case not
        /// dst = a (member) in mask imm, negated if sub != 0
        case memK
        /// dst = a in b (set), negated if sub != 0
        case mem
        /// dst = if a then b else imm (register)
        case select
        /// dst = table a
        case table
        /// dst = whether a is known
        case known
        /// dst = builtin sub (a, b)
        case call
    }

    public init?(_ p: Program) {
        guard p.inputs.count <= 64 else { return nil }
        var c = Compiler(program: p)
        guard c.compileAll() else { return nil }
        program = p
        inputCount = p.inputs.count
        slotCount = p.slotCount
        registerCount = c.registers.count
        initialRegisters = c.registers
        var defs: [PackedValue] = []
        for input in p.inputs {
            guard let d = PackedValue(input.defaultValue ?? .unknown) else { return nil }
            defs.append(d)
        }
        defaults = defs
        func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
            let ptr = UnsafeMutablePointer<T>.allocate(capacity: max(a.count, 1))
            if !a.isEmpty { ptr.initialize(from: a, count: a.count) }
            return ptr
        }
        code = copy(c.code)
        codeCount = c.code.count
        blocks = copy(c.blocks)
        // Strip the reads: positions shift, so jump targets and ranges are mapped.
        var position: [Int32] = []
        var plain: [Instr] = []
        for i in c.code {
            position.append(Int32(plain.count))
            if i.op != .read { plain.append(i) }
        }
        position.append(Int32(plain.count))
        for k in plain.indices where plain[k].op == .andJ || plain[k].op == .orJ {
            plain[k].b = position[Int(plain[k].b)]
        }
        plainCode = copy(plain)
        plainBlocks = copy(c.blocks.map { Block(start: position[Int($0.start)], end: position[Int($0.end)]) })
        plainConditions = copy(c.conditions.map {
            ConditionCode(start: position[Int($0.start)], end: position[Int($0.end)], register: $0.register, needs: $0.needs)
        })
        tables = copy(c.tables)
        columns = copy(c.columns)
        pool = copy(c.pool)
        nodes = copy(c.nodes)
        nodeCount = c.nodes.count
        conditions = copy(c.conditions)
        codes = copy(c.codes)
        needsNodes = copy(c.needsNodes)
        needsChildren = copy(c.needsChildren)
        bands = c.bands
        rootCount = c.rootCount
    }

    deinit {
        code.deallocate()
        blocks.deallocate()
        plainCode.deallocate()
        plainBlocks.deallocate()
        plainConditions.deallocate()
        tables.deallocate()
        columns.deallocate()
        pool.deallocate()
        nodes.deallocate()
        conditions.deallocate()
        codes.deallocate()
        needsNodes.deallocate()
        needsChildren.deallocate()
    }

    /// Size of the compiled form, for reports and tests.
    public var instructionCount: Int { codeCount }

    /// Whether machines may learn a decision tree over input bands (see `CompiledMachine`).
    public var supportsDecisionTree: Bool { bands != nil }
}

// MARK: - Compiler

extension CompiledProgram {
    struct Compiler {
        let program: Program
        var registers: [PackedValue]
        var code: [Instr] = []
        var blocks: [Block] = []
        var tables: [TableCode] = []
        var columns: [ColumnCode] = []
        var pool: [UInt64] = []
        var nodes: [NodeCode] = []
        var conditions: [ConditionCode] = []
        var needsNodes: [NeedsNode] = []
        var needsChildren: [Int32] = []
        /// Per derived value, the needs node of its definition.
        var derivedNeeds: [Int32] = []
        var bands: Bands?
        var codes: [Int32] = []
        var rootCount = 0
        var constantRegisters: [Value: Int32] = [:]
        var ok = true

        init(program: Program) {
            self.program = program
            registers = Array(repeating: .unknown, count: program.slotCount)
        }

        mutating func compileAll() -> Bool {
            var analysis = BandAnalysis(program: program)
            bands = analysis.run()
            if let bands {
                // Thresholds of number inputs go to the pool.
                for (v, variable) in bands.variables.enumerated() where variable.kind == .number {
                    self.bands?.variables[v].offset = Int32(pool.count)
                    for t in analysis.sortedThresholds(Int(variable.input)) { pool.append(contentsOf: PackedValue.words(t)) }
                }
            }
            // Derived values: one block each, writing the slot's register.
            for (d, info) in program.derived.enumerated() {
                let slot = Int32(program.inputs.count + d)
                let start = Int32(code.count)
                switch info.kind {
                case .letValue(let ir): derivedNeeds.append(compile(ir, into: slot).needs)
                case .table(let t): derivedNeeds.append(compileTable(t, into: slot))
                }
                blocks.append(Block(start: start, end: Int32(code.count)))
            }
            // The pathway: top-level nodes first, children placed after their parents.
            rootCount = program.pathway.count
            nodes = Array(repeating: NodeCode(kind: .recommend, condition: -1, lo: 0, hi: 0), count: rootCount)
            place(program.pathway, at: 0)
            return ok
        }

        // MARK: registers

        mutating func temp() -> Int32 {
            registers.append(.unknown)
            return Int32(registers.count - 1)
        }

        mutating func constant(_ v: Value) -> Int32 {
            if let r = constantRegisters[v] { return r }
            guard let packed = PackedValue(v) else { ok = false; return 0 }
            registers.append(packed)
            let r = Int32(registers.count - 1)
            constantRegisters[v] = r
            return r
        }

        mutating func emit(_ i: Instr) { code.append(i) }

        func isDerived(_ s: Int) -> Bool { s >= program.inputs.count && s < program.slotCount }

        // MARK: expressions

        struct Result {
            var register: Int32
            var needs: Int32
        }

        mutating func needsNode(_ kind: NeedsNode.Kind, _ register: Int32, a: Int32 = 0, children: [Int32] = []) -> Int32 {
            var node = NeedsNode(kind: kind, register: register, a: a, b: 0)
            if kind == .operation {
                node.a = Int32(needsChildren.count)
                node.b = Int32(children.count)
                needsChildren.append(contentsOf: children)
            }
            needsNodes.append(node)
            return Int32(needsNodes.count - 1)
        }

        /// Emits code for `ir`; returns the register holding its value (`into` if given) and
        /// its needs node.
        mutating func compile(_ ir: IR, into: Int32? = nil) -> Result {
            func dst() -> Int32 { into ?? temp() }
            func moved(_ r: Result) -> Result {
                guard let into, into != r.register else { return r }
                emit(Instr(op: .mov, dst: into, a: r.register))
                return Result(register: into, needs: r.needs)
            }
            func operation(_ d: Int32, _ operands: [Result]) -> Result {
                Result(register: d, needs: needsNode(.operation, d, children: operands.map(\.needs)))
            }
            switch ir {
            case .constant(let v):
                let r = constant(v)
                return moved(Result(register: r, needs: needsNode(.constant, r)))
            case .slot(let s):
                guard s >= 0, s < program.slotCount else {
                    let r = constant(.unknown)
                    return moved(Result(register: r, needs: needsNode(.constant, r)))
                }
                if isDerived(s) {
                    emit(Instr(op: .force, a: Int32(s)))
                    let def = derivedNeeds[s - program.inputs.count]
                    return moved(Result(register: Int32(s), needs: needsNode(.derived, Int32(s), a: def)))
                }
                if let bands {
                    for v in bands.first[s]..<bands.first[s] + bands.count[s] { emit(Instr(op: .read, a: v)) }
                }
                return moved(Result(register: Int32(s), needs: needsNode(.input, Int32(s), a: Int32(s))))
            case .negate(let a):
                let ra = compile(a)
                let d = dst()
                emit(Instr(op: .neg, dst: d, a: ra.register))
                return operation(d, [ra])
            case .arith(let op, let a, let b):
                let ra = compile(a), rb = compile(b)
                let d = dst()
                emit(Instr(op: .arith, arith: op, dst: d, a: ra.register, b: rb.register))
                return operation(d, [ra, rb])
            case .compare(let op, let a, let b):
                let ra = compile(a)
                if case .constant(.number(let k)) = b {
                    let d = dst()
                    // The constant is in the pool: a rational is two words, an immediate one.
                    emit(Instr(op: .cmpNK, compare: op, dst: d, a: ra.register, imm: UInt64(pool.count)))
                    pool.append(contentsOf: PackedValue.words(k))
                    return operation(d, [ra])
                }
                if case .constant(.member(let m)) = b, m >= 0, op == .eq || op == .ne {
                    let d = dst()
                    emit(Instr(op: .eqMK, compare: op, dst: d, a: ra.register, imm: UInt64(m)))
                    return operation(d, [ra])
                }
                let rb = compile(b)
                let d = dst()
                emit(Instr(op: .cmp, compare: op, dst: d, a: ra.register, b: rb.register))
                return operation(d, [ra, rb])
            case .and(let a, let b), .or(let a, let b):
                let isAnd: Bool
                if case .and = ir { isAnd = true } else { isAnd = false }
                let d = dst()
                let ra = compile(a)
                let jump = code.count
                emit(Instr(op: isAnd ? .andJ : .orJ, dst: d, a: ra.register))
                let rb = compile(b)
                emit(Instr(op: isAnd ? .and : .or, dst: d, a: ra.register, b: rb.register))
                code[jump].b = Int32(code.count)
                return operation(d, [ra, rb])
            case .not(let a):
                let ra = compile(a)
                let d = dst()
                emit(Instr(op: .not, dst: d, a: ra.register))
                return operation(d, [ra])
            case .member(.constant(.member(let m)), .slot(let s), let negated)
                where bands != nil && s >= 0 && s < program.inputs.count && m >= 0 && m < 64
                    && readMemberVariable(input: s, member: m):
                // `m in s` for a set input reads only the variable of member m.
                let re = compile(.constant(.member(m)))
                let rs = Result(register: Int32(s), needs: needsNode(.input, Int32(s), a: Int32(s)))
                let d = dst()
                emit(Instr(op: .mem, sub: negated ? 1 : 0, dst: d, a: re.register, b: rs.register))
                return operation(d, [re, rs])
            case .member(let e, let s, let negated):
                let re = compile(e)
                if case .constant(.set(let mask)) = s {
                    let d = dst()
                    emit(Instr(op: .memK, sub: negated ? 1 : 0, dst: d, a: re.register, imm: mask))
                    return operation(d, [re])
                }
                let rs = compile(s)
                let d = dst()
                emit(Instr(op: .mem, sub: negated ? 1 : 0, dst: d, a: re.register, b: rs.register))
                return operation(d, [re, rs])
            case .conditional(let c, let a, let b):
                // Evaluation is pure and total, so both branches may be computed; `select`
                // then picks by the condition's truth (unknown: equal branches or unknown).
                let rc = compile(c), ra = compile(a), rb = compile(b)
                let d = dst()
                emit(Instr(op: .select, dst: d, a: rc.register, b: ra.register, imm: UInt64(rb.register)))
                return operation(d, [rc, ra, rb])
            case .known, .call:
                return compileCall(ir, into: dst())
            }
        }

        /// `known(x)` and the built-in functions; out of line, so that `compile`'s frame stays
        /// small for deep expressions.
        mutating func compileCall(_ ir: IR, into d: Int32) -> Result {
            let operands = ir.children.map { compile($0) }
            let ra = operands.first?.register ?? constant(.unknown)
            let rb = operands.count > 1 ? operands[1].register : constant(.unknown)
            if case .call(let f, _) = ir {
                emit(Instr(op: .call, sub: Builtin.allCases.firstIndex(of: f).map(UInt8.init) ?? 0, dst: d, a: ra, b: rb))
            } else {
                emit(Instr(op: .known, dst: d, a: ra))
            }
            return Result(register: d, needs: needsNode(.operation, d, children: operands.map(\.needs)))
        }

        /// Emits the read of set input s's variable for member m, if it has one.
        mutating func readMemberVariable(input s: Int, member m: Int) -> Bool {
            guard let bands else { return false }
            let bit: UInt64 = 1 << UInt64(m)
            for v in bands.first[s]..<bands.first[s] + bands.count[s]
            where bands.variables[Int(v)].kind == .setMember && bands.variables[Int(v)].bit == bit {
                emit(Instr(op: .read, a: v))
                return true
            }
            return false
        }

        // MARK: tables

        /// Emits the table's code; returns its needs node (what its unknown columns need).
        mutating func compileTable(_ t: Int, into slot: Int32) -> Int32 {
            let table = program.tables[t]
            let compiledColumns = table.columns.map { compile($0) }
            let columnRegisters = compiledColumns.map(\.register)
            let rowCount = table.rows.count
            let masked = rowCount <= 64 && table.rows.allSatisfy { $0.cells.count == table.columns.count }
            let columnStart = Int32(columns.count)
            for (k, register) in columnRegisters.enumerated() {
                var col = ColumnCode(kind: .generic, register: register, anyMask: 0, thresholds: 0, masks: 0,
                                     count: 0, table: Int32(t), column: Int32(k))
                if masked {
                    for (r, row) in table.rows.enumerated() where k < row.cells.count {
                        if case .any = row.cells[k] { col.anyMask |= 1 << UInt64(r) }
                    }
                    let cells = table.rows.map { k < $0.cells.count ? $0.cells[k] : .any }
                    classify(&col, cells: cells, type: k < table.columnTypes.count ? table.columnTypes[k] : .error)
                }
                columns.append(col)
            }
            var tc = TableCode(policy: table.policy, rowCount: Int32(rowCount), columnStart: columnStart,
                               columnCount: Int32(columnRegisters.count), masked: masked, outputRegister: 0,
                               sameOutput: 0, outputBit: 0, memberRows: 0)
            tc.outputRegister = Int32(pool.count)
            for row in table.rows { pool.append(UInt64(constant(row.output))) }
            tc.sameOutput = Int32(pool.count)
            for row in table.rows {
                var m: UInt64 = 0
                if masked {
                    for (r2, other) in table.rows.enumerated() where other.output == row.output { m |= 1 << UInt64(r2) }
                }
                pool.append(m)
            }
            tc.outputBit = Int32(pool.count)
            for (r, row) in table.rows.enumerated() {
                if case .member(let m) = row.output, m >= 0 {
                    pool.append(1 << UInt64(m))
                    if masked { tc.memberRows |= 1 << UInt64(r) }
                } else {
                    pool.append(0)
                }
            }
            tables.append(tc)
            emit(Instr(op: .table, dst: slot, a: Int32(tables.count - 1)))
            return needsNode(.operation, slot, children: compiledColumns.map(\.needs))
        }

        /// Chooses the fast form of a column from its cells; anything unusual is generic.
        mutating func classify(_ col: inout ColumnCode, cells: [CellTest], type: GType) {
            switch type {
            case .number, .count, .quantity:
                var thresholds: Set<Rational> = []
                for cell in cells {
                    switch cell {
                    case .any, .compare(_, .number), .interval: thresholds.formUnion(cell.cutPoints)
                    default: return
                    }
                }
                let sorted = thresholds.sorted()
                // Bands: 2k = the open interval below sorted[k] (above sorted[k-1]), 2k+1 = the
                // point sorted[k], 2n = above the last. Every cell test is constant on a band,
                // so one representative per band decides it.
                var representatives: [Rational] = []
                for (k, t) in sorted.enumerated() {
                    // Between two thresholds that are too fine to fit a number between, the
                    // column stays generic.
                    guard let below = Rational.between(k == 0 ? .negativeInfinity : sorted[k - 1], t) else { return }
                    representatives.append(below)
                    representatives.append(t)
                    if k == sorted.count - 1 {
                        guard let above = Rational.between(t, .infinity) else { return }
                        representatives.append(above)
                    }
                }
                if sorted.isEmpty { representatives = [.zero] }
                col.kind = .numeric
                col.thresholds = Int32(pool.count)
                col.count = Int32(sorted.count)
                for t in sorted { pool.append(contentsOf: PackedValue.words(t)) }
                col.masks = Int32(pool.count)
                for x in representatives {
                    var m: UInt64 = 0
                    for (r, cell) in cells.enumerated() where Operators.cellTest(cell, .number(x)) == .yes { m |= 1 << UInt64(r) }
                    pool.append(m)
                }
            case .enumeration(let e):
                guard e < program.enums.count else { return }
                let n = program.enums[e].members.count
                guard n <= 64 else { return }
                for cell in cells {
                    switch cell {
                    case .any, .oneOf: break
                    case .compare(.eq, .member), .compare(.ne, .member): break
                    default: return
                    }
                }
                col.kind = .member
                col.masks = Int32(pool.count)
                col.count = Int32(n)
                for m in 0..<n {
                    var mask: UInt64 = 0
                    for (r, cell) in cells.enumerated() where Operators.cellTest(cell, .member(m)) == .yes { mask |= 1 << UInt64(r) }
                    pool.append(mask)
                }
            case .bool:
                for cell in cells {
                    switch cell {
                    case .any, .compare(.eq, .bool), .compare(.ne, .bool): break
                    default: return
                    }
                }
                col.kind = .bool
                col.masks = Int32(pool.count)
                col.count = 2
                for b in [false, true] {
                    var mask: UInt64 = 0
                    for (r, cell) in cells.enumerated() where Operators.cellTest(cell, .bool(b)) == .yes { mask |= 1 << UInt64(r) }
                    pool.append(mask)
                }
            default:
                return
            }
        }

        // MARK: pathway

        /// Fills nodes[at..<at+list.count] for `list`, appending their children after them.
        mutating func place(_ list: [PathNode], at base: Int) {
            for (i, node) in list.enumerated() {
                switch node {
                case .when(let b, let body):
                    let cond = condition(b)
                    let (lo, hi) = children(body)
                    nodes[base + i] = NodeCode(kind: .when, condition: cond, lo: lo, hi: hi)
                case .first(let alternatives, let otherwise):
                    let lo = nodes.count
                    let count = alternatives.count + (otherwise == nil ? 0 : 1)
                    nodes.append(contentsOf: Array(repeating: NodeCode(kind: .recommend, condition: -1, lo: 0, hi: 0), count: count))
                    for (k, (b, body)) in alternatives.enumerated() {
                        let cond = condition(b)
                        let (clo, chi) = children(body)
                        nodes[lo + k] = NodeCode(kind: .alternative, condition: cond, lo: clo, hi: chi)
                    }
                    if let (_, body) = otherwise {
                        let (clo, chi) = children(body)
                        nodes[lo + alternatives.count] = NodeCode(kind: .otherwise, condition: -1, lo: clo, hi: chi)
                    }
                    nodes[base + i] = NodeCode(kind: .first, condition: -1, lo: Int32(lo), hi: Int32(lo + count))
                case .recommend(let list, _):
                    let lo = codes.count
                    for c in list {
                        guard c >= 0, c < program.recommendations.count else { ok = false; continue }
                        codes.append(Int32(c))
                    }
                    nodes[base + i] = NodeCode(kind: .recommend, condition: -1, lo: Int32(lo), hi: Int32(codes.count))
                }
            }
        }

        mutating func children(_ body: [PathNode]) -> (Int32, Int32) {
            let lo = nodes.count
            nodes.append(contentsOf: Array(repeating: NodeCode(kind: .recommend, condition: -1, lo: 0, hi: 0), count: body.count))
            place(body, at: lo)
            return (Int32(lo), Int32(lo + body.count))
        }

        /// Compiles a branch condition (nil: `otherwise`, always true) into its own code range.
        mutating func condition(_ b: Branch) -> Int32 {
            let ir = b.condition ?? .constant(.bool(true))
            let start = Int32(code.count)
            let r = compile(ir)
            conditions.append(ConditionCode(start: start, end: Int32(code.count), register: r.register, needs: r.needs))
            return Int32(conditions.count - 1)
        }
    }
}
