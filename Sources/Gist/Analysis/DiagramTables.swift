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

/// The operation cache: (operation, a, b, c) -> result. Operation numbers start at 1, so 0
/// marks an empty slot.
struct OpCache {
    private var keys: [Int]   // four per slot
    private var values: [Int]
    private var count = 0

    init(slots: Int) {
        keys = [Int](repeating: 0, count: slots * 4)
        values = [Int](repeating: 0, count: slots)
    }

    @inline(__always) private static func hash(_ op: Int, _ a: Int, _ b: Int, _ c: Int) -> Int {
        var h = UInt64(bitPattern: Int64(op)) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ UInt64(bitPattern: Int64(a))) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ UInt64(bitPattern: Int64(b))) &* 0x94D0_49BB_1331_11EB
        h = h ^ UInt64(bitPattern: Int64(c))
        return Int(truncatingIfNeeded: mixBits(h))
    }

    func find(_ op: Int, _ a: Int, _ b: Int, _ c: Int) -> Int? {
        let mask = values.count - 1
        var i = OpCache.hash(op, a, b, c) & mask
        while true {
            let k = i * 4
            let o = keys[k]
            if o == 0 { return nil }
            if o == op && keys[k + 1] == a && keys[k + 2] == b && keys[k + 3] == c { return values[i] }
            i = (i + 1) & mask
        }
    }

    mutating func insert(_ op: Int, _ a: Int, _ b: Int, _ c: Int, _ value: Int) {
        if (count + 1) * 2 > values.count { grow() }
        if place(op, a, b, c, value) { count += 1 }
    }

    /// Stores the entry; false when the key was already there (its value is replaced).
    @discardableResult
    private mutating func place(_ op: Int, _ a: Int, _ b: Int, _ c: Int, _ value: Int) -> Bool {
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

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [Int](repeating: 0, count: oldKeys.count * 2)
        values = [Int](repeating: 0, count: oldValues.count * 2)
        for i in oldValues.indices where oldKeys[i * 4] != 0 {
            place(oldKeys[i * 4], oldKeys[i * 4 + 1], oldKeys[i * 4 + 2], oldKeys[i * 4 + 3], oldValues[i])
        }
    }
}
