import Testing
@testable import ConfabCore

/// Known answers from FIPS 180-4's examples and RFC 4231's HMAC test cases.
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigests(_ text: String, _ digest: String) {
        #expect(SHA256.hex(SHA256.hash(Array(text.utf8))) == digest)
    }

    @Test func aMillionAsInPiecesOfEverySize() {
        var hasher = SHA256.Hasher()
        var left = 1_000_000, size = 1
        while left > 0 {
            let take = min(size, left)
            hasher.add([UInt8](repeating: UInt8(ascii: "a"), count: take))
            left -= take
            size = size % 131 + 1
        }
        #expect(SHA256.hex(hasher.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hmacOfRFC4231() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        #expect(SHA256.hex(SHA256.hmac(key: key, Array("Hi There".utf8))) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        // A key longer than a block is hashed first.
        let long = [UInt8](repeating: 0xaa, count: 131)
        #expect(SHA256.hex(SHA256.hmac(key: long, Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }
}
