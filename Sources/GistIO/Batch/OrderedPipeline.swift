import Foundation

/// Runs items through worker threads and hands the results back in input order, with a bounded
/// number of items in flight (so memory stays flat however many items there are).
///
/// `produce` runs on a reader thread, `work` on `jobs` worker threads (each worker has an
/// index, so it can keep its own state), `consume` on the calling thread, in order. With one
/// job everything runs on the calling thread, one item at a time.
public final class OrderedPipeline<Input, Output>: @unchecked Sendable {
    let jobs: Int
    let maxInFlight: Int
    let lock = NSCondition()
    /// Items not yet taken by a worker from queueStart on (taken ones are cleared at once, so
    /// a finished item is not kept alive by the queue).
    var queue: [(Int, Input)?] = []
    var queueStart = 0
    var results: [Int: Output] = [:]
    var produced = 0
    var producerDone = false
    var inFlight = 0

    public init(jobs: Int, maxInFlight: Int? = nil) {
        self.jobs = max(jobs, 1)
        self.maxInFlight = max(maxInFlight ?? 2 * jobs + 2, 1)
    }

    /// A value handed between threads by the pipeline's own locking.
    struct Unchecked<T>: @unchecked Sendable { let value: T }

    public func run(produce: @escaping () -> Input?, work: @escaping (_ worker: Int, Input) -> Output,
                    consume: (Output) -> Void) {
        if jobs == 1 {
            while let item = produce() { consume(work(0, item)) }
            return
        }
        let producer = Unchecked(value: produce)
        let worker = Unchecked(value: work)
        let reader = Thread { [self] in
            while true {
                lock.lock()
                while inFlight >= maxInFlight { lock.wait() }
                lock.unlock()
                let item = producer.value()
                lock.lock()
                if let item {
                    queue.append((produced, item))
                    produced += 1
                    inFlight += 1
                } else {
                    producerDone = true
                }
                lock.broadcast()
                lock.unlock()
                if item == nil { return }
            }
        }
        reader.stackSize = 8 << 20
        reader.start()
        for w in 0..<jobs {
            let thread = Thread { [self] in
                while true {
                    lock.lock()
                    while queueStart == queue.count && !producerDone { lock.wait() }
                    if queueStart == queue.count {
                        lock.unlock()
                        return
                    }
                    guard let (seq, item) = queue[queueStart] else {
                        lock.unlock()
                        return
                    }
                    queue[queueStart] = nil
                    queueStart += 1
                    if queueStart > 64 && queueStart * 2 > queue.count {
                        queue.removeFirst(queueStart)
                        queueStart = 0
                    }
                    lock.unlock()
                    let out = worker.value(w, item)
                    lock.lock()
                    results[seq] = out
                    lock.broadcast()
                    lock.unlock()
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        var next = 0
        while true {
            lock.lock()
            while results[next] == nil && !(producerDone && next >= produced) { lock.wait() }
            guard let out = results.removeValue(forKey: next) else {
                lock.unlock()
                return
            }
            inFlight -= 1
            lock.broadcast()
            lock.unlock()
            consume(out)
            next += 1
        }
    }
}

/// A byte buffer passed by reference between threads, so it can be reused without copying.
public final class ByteBuffer: @unchecked Sendable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8] = []) { self.bytes = bytes }

    /// Runs `body` on the bytes, uniquely held, so appending does not copy them.
    @inline(__always) public func edit<T>(_ body: (inout [UInt8]) throws -> T) rethrows -> T {
        var b = bytes
        bytes = []
        defer { bytes = b }
        return try body(&b)
    }
}

/// Byte buffers handed between threads and reused, so a long run does not keep allocating
/// (and the allocator keep growing) megabyte buffers.
public final class BufferPool: @unchecked Sendable {
    let lock = NSLock()
    var free: [ByteBuffer] = []
    let limit: Int
    let capacity: Int

    /// Keeps at most `limit` buffers; new ones reserve `capacity` bytes.
    public init(limit: Int, capacity: Int) {
        self.limit = limit
        self.capacity = capacity
    }

    /// An empty buffer, reused if one is free.
    public func take() -> ByteBuffer {
        lock.lock()
        let b = free.popLast()
        lock.unlock()
        if let b { return b }
        let fresh = ByteBuffer()
        fresh.bytes.reserveCapacity(capacity)
        return fresh
    }

    /// Returns a buffer for reuse (emptied, capacity kept).
    public func give(_ buffer: ByteBuffer) {
        buffer.bytes.removeAll(keepingCapacity: true)
        lock.lock()
        if free.count < limit { free.append(buffer) }
        lock.unlock()
    }
}
