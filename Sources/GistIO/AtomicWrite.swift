import Foundation

/// Writes a file so that readers see the old content or the whole new content, never a
/// half-written file (an `AtomicOutput` written at once: same permissions, links followed).
public enum AtomicWrite {
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ text: String, to path: String, inputs: [String] = []) throws(Failure) {
        try write(Array(text.utf8), to: path, inputs: inputs)
    }

    /// `inputs`: files the target may not be (see `AtomicOutput.init`).
    public static func write(_ bytes: [UInt8], to path: String, inputs: [String] = []) throws(Failure) {
        let output = try AtomicOutput(path: path, inputs: inputs)
        output.write(bytes)
        try output.commit()
    }
}
