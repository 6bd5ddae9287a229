/// SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104), for what must not be guessed or
/// collide: pseudonyms from a secret salt, and the names of media files by their bytes.
/// Foundation on Linux has no hash functions, and one small function beats a package.
public enum SHA256 {
    static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// A running hash: bytes are added in pieces (a file read a chunk at a time).
    public struct Hasher: Sendable {
        private var state: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        /// Bytes of the block not yet full.
        private var pending: [UInt8] = []
        private var length: UInt64 = 0

        public init() { pending.reserveCapacity(64) }

        public mutating func add(_ bytes: some Sequence<UInt8>) {
            let done = bytes.withContiguousStorageIfAvailable { add(buffer: $0) }
            if done == nil { Array(bytes).withUnsafeBufferPointer { add(buffer: $0) } }
        }

        private mutating func add(buffer: UnsafeBufferPointer<UInt8>) {
            length &+= UInt64(buffer.count)
            var start = 0
            // Fill the pending block first, then whole blocks straight from the buffer.
            if !pending.isEmpty {
                let take = min(64 - pending.count, buffer.count)
                pending += buffer[0..<take]
                start = take
                guard pending.count == 64 else { return }
                pending.withUnsafeBufferPointer { compress($0.baseAddress!) }
                pending.removeAll(keepingCapacity: true)
            }
            while buffer.count - start >= 64 {
                compress(buffer.baseAddress! + start)
                start += 64
            }
            pending += buffer[start...]
        }

        /// The 32-byte digest; the hasher is spent.
        public mutating func finish() -> [UInt8] {
            let bits = length &* 8
            pending.append(0x80)
            if pending.count > 56 {
                while pending.count < 64 { pending.append(0) }
                pending.withUnsafeBufferPointer { compress($0.baseAddress!) }
                pending.removeAll(keepingCapacity: true)
            }
            while pending.count < 56 { pending.append(0) }
            for shift in stride(from: 56, through: 0, by: -8) { pending.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
            pending.withUnsafeBufferPointer { compress($0.baseAddress!) }
            return state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
        }

        /// One 64-byte block at `block`.
        private mutating func compress(_ block: UnsafePointer<UInt8>) {
            var w = [UInt32](repeating: 0, count: 64)
            for i in 0..<16 {
                w[i] = UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16 | UInt32(block[4 * i + 2]) << 8 | UInt32(block[4 * i + 3])
            }
            for i in 16..<64 {
                let s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7]
            for i in 0..<64 {
                let t1 = h &+ (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) &+ ((e & f) ^ (~e & g)) &+ SHA256.roundConstants[i] &+ w[i]
                let t2 = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            for (i, value) in [a, b, c, d, e, f, g, h].enumerated() { state[i] = state[i] &+ value }
        }

        private func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
    }

    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = Hasher()
        hasher.add(bytes)
        return hasher.finish()
    }

    /// HMAC-SHA-256 of `message` under `key`.
    public static func hmac(key: some Sequence<UInt8>, _ message: some Sequence<UInt8>) -> [UInt8] {
        var block = Array(key)
        if block.count > 64 { block = hash(block) }
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = Hasher()
        inner.add(block.map { $0 ^ 0x36 })
        inner.add(message)
        var outer = Hasher()
        outer.add(block.map { $0 ^ 0x5c })
        outer.add(inner.finish())
        return outer.finish()
    }

    /// Lower-case hexadecimal.
    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest { text += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        return String(decoding: text, as: UTF8.self)
    }
}
