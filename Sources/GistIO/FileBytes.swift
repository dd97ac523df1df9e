import Foundation

/// A whole file read into memory, with the system's reason when it cannot be (permission
/// denied, a loop of symbolic links, …) rather than a bare "cannot be read".
public enum FileBytes {
    public enum Failure: Error, Equatable {
        case missing
        case directory
        /// Larger than the limit given.
        case tooLarge(Int)
        /// The system's reason (strerror).
        case system(String)
    }

    /// The file's bytes; `limit`: the most bytes accepted.
    public static func read(_ path: String, limit: Int = .max) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw errno == ENOENT ? .missing : .system(String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .system(String(cString: strerror(errno))) }
        if st.st_mode & S_IFMT == S_IFDIR { throw .directory }
        let size = Int(st.st_size)
        if size > limit { throw .tooLarge(size) }
        var bytes = [UInt8](repeating: 0, count: max(size, 0))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Foundation.read(fd, base + filled, raw.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeLast(bytes.count - filled)
        // What stat did not count (a file that grew, a FIFO) comes in blocks.
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = block.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Foundation.read(fd, base, raw.count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            if bytes.count + n > limit { throw .tooLarge(bytes.count + n) }
            bytes.append(contentsOf: block[0..<n])
        }
        return bytes
    }

    /// The failure as `RecordFileError`'s message.
    static func message(_ f: Failure, limitNote: String = "") -> String {
        switch f {
        case .missing: return "no such file or directory"
        case .directory: return "is a directory"
        case .tooLarge(let n): return "has \(n) bytes" + limitNote
        case .system(let reason): return "cannot read the file: \(reason)"
        }
    }
}
