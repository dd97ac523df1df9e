/// The decision diagrams' two hash tables: open addressing over plain integers, with a cheap
/// multiplicative mix instead of `Hasher` (seeded SipHash over arrays was most of the cost of
/// an exact diff).

@inline(__always) func mixBits(_ x: UInt64) -> UInt64 {
    var h = x
    h ^= h >> 33
    h = h &* 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    h = h &* 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 33
    return h
}

/// A set of node ids found by a hash the caller computes; the caller decides equality.
struct IntTable {
    private var ids: [Int]
    private var hashes: [UInt64]
    private var count = 0

    init(slots: Int) {
        ids = [Int](repeating: -1, count: slots)
        hashes = [UInt64](repeating: 0, count: slots)
    }

    func find(hash: UInt64, where same: (Int) -> Bool) -> Int? {
        let mask = ids.count - 1
        var i = Int(truncatingIfNeeded: mixBits(hash)) & mask
        while true {
            let id = ids[i]
            if id < 0 { return nil }
            if hashes[i] == hash && same(id) { return id }
            i = (i + 1) & mask
        }
    }

    mutating func insert(_ id: Int, hash: UInt64) {
        if (count + 1) * 2 > ids.count { grow() }
        place(id, hash)
        count += 1
    }

    private mutating func place(_ id: Int, _ hash: UInt64) {
        let mask = ids.count - 1
        var i = Int(truncatingIfNeeded: mixBits(hash)) & mask
        while ids[i] >= 0 { i = (i + 1) & mask }
        ids[i] = id
        hashes[i] = hash
    }

    private mutating func grow() {
        let oldIds = ids, oldHashes = hashes
        ids = [Int](repeating: -1, count: oldIds.count * 2)
        hashes = [UInt64](repeating: 0, count: oldIds.count * 2)
        for (i, id) in oldIds.enumerated() where id >= 0 { place(id, oldHashes[i]) }
    }
}

/// The operation cache: (operation, a, b, c) -> result, as 32-bit integers (node ids stay far
/// below 2^31: the node limit). Operation numbers start at 1, so 0 marks an empty slot.
///
/// Bounded: it grows up to `maxSlots` (set from the store's node limit, so `--max-nodes`
/// bounds it too: 20 bytes a slot, about what a node costs); once full it is emptied and
/// refilled. It is only a cache — results are hash-consed nodes, the same with or without it.
struct OpCache {
    private var keys: [Int32]   // four per slot
    private var values: [Int32]
    private var count = 0
    /// The most slots the table may have (a power of two).
    var maxSlots: Int
    /// How many times the full table was emptied.
    private(set) var clears = 0

    init(slots: Int, maxSlots: Int) {
        keys = [Int32](repeating: 0, count: slots * 4)
        values = [Int32](repeating: 0, count: slots)
        self.maxSlots = max(slots, maxSlots)
    }

    /// The bound for a node limit: the power of two at or above it (at least 4096).
    static func maxSlots(forNodeLimit n: Int) -> Int {
        var slots = 1 << 12
        while slots < n && slots < 1 << 30 { slots <<= 1 }
        return slots
    }

    /// Slots allocated now (for tests and statistics).
    var capacity: Int { values.count }

    @inline(__always) private static func hash(_ op: Int32, _ a: Int32, _ b: Int32, _ c: Int32) -> Int {
        var h = UInt64(UInt32(bitPattern: op)) << 32 | UInt64(UInt32(bitPattern: a))
        h = mixBits(h) ^ (UInt64(UInt32(bitPattern: b)) << 32 | UInt64(UInt32(bitPattern: c)))
        return Int(truncatingIfNeeded: mixBits(h))
    }

    /// Ids outside 32 bits are not cached (they cannot occur below the node limit).
    @inline(__always) private static func narrow(_ x: Int) -> Int32? {
        x == Int.min ? Int32.min : Int32(exactly: x)
    }

    func find(_ op: Int, _ a: Int, _ b: Int, _ c: Int) -> Int? {
        guard let o = OpCache.narrow(op), let a = OpCache.narrow(a), let b = OpCache.narrow(b), let c = OpCache.narrow(c) else { return nil }
        let mask = values.count - 1
        var i = OpCache.hash(o, a, b, c) & mask
        while true {
            let k = i * 4
            let ko = keys[k]
            if ko == 0 { return nil }
            if ko == o && keys[k + 1] == a && keys[k + 2] == b && keys[k + 3] == c { return Int(values[i]) }
            i = (i + 1) & mask
        }
    }

    mutating func insert(_ op: Int, _ a: Int, _ b: Int, _ c: Int, _ value: Int) {
        guard let o = OpCache.narrow(op), let a = OpCache.narrow(a), let b = OpCache.narrow(b), let c = OpCache.narrow(c),
              let v = Int32(exactly: value) else { return }
        if (count + 1) * 2 > values.count {
            if values.count * 2 <= maxSlots { grow() } else { clear() }
        }
        if place(o, a, b, c, v) { count += 1 }
    }

    /// Stores the entry; false when the key was already there (its value is replaced).
    @discardableResult
    private mutating func place(_ op: Int32, _ a: Int32, _ b: Int32, _ c: Int32, _ value: Int32) -> Bool {
        let mask = values.count - 1
        var i = OpCache.hash(op, a, b, c) & mask
        while true {
            let k = i * 4
            let o = keys[k]
            if o == 0 {
                keys[k] = op; keys[k + 1] = a; keys[k + 2] = b; keys[k + 3] = c
                values[i] = value
                return true
            }
            if o == op && keys[k + 1] == a && keys[k + 2] == b && keys[k + 3] == c {
                values[i] = value
                return false
            }
            i = (i + 1) & mask
        }
    }

    private mutating func clear() {
        keys.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        count = 0
        clears += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [Int32](repeating: 0, count: oldKeys.count * 2)
        values = [Int32](repeating: 0, count: oldValues.count * 2)
        for i in oldValues.indices where oldKeys[i * 4] != 0 {
            place(oldKeys[i * 4], oldKeys[i * 4 + 1], oldKeys[i * 4 + 2], oldKeys[i * 4 + 3], oldValues[i])
        }
    }
}
