import Foundation

/// Work spread over every core, with results in input order, so the output is the
/// same whatever the thread scheduling.
enum Parallel {
    static func map<Element: Sendable, Result: Sendable>(
        _ items: [Element], _ transform: @Sendable (Element) throws -> Result
    ) throws -> [Result] {
        let slots = Slots<Result>(count: items.count)
        defer { slots.free() }
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots.set(index, Swift.Result { try transform(items[index]) })
        }
        return try slots.values()
    }

    /// One slot per element, each written by exactly one iteration; read after all finished.
    private final class Slots<Value>: @unchecked Sendable {
        private let buffer: UnsafeMutableBufferPointer<Swift.Result<Value, any Error>?>

        init(count: Int) {
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: nil)
        }

        func set(_ index: Int, _ value: Swift.Result<Value, any Error>) { buffer[index] = value }

        func values() throws -> [Value] { try buffer.map { try $0!.get() } }

        func free() {
            buffer.deinitialize()
            buffer.deallocate()
        }
    }
}
