import Foundation

/// Work spread over every core, with results in input order, so the output is the
/// same whatever the thread scheduling.
enum Parallel {
    /// The first error in input order is thrown, so which one is reported is deterministic too.
    static func map<Element: Sendable, Result: Sendable>(
        _ items: [Element], _ transform: @Sendable (Element) throws -> Result
    ) throws -> [Result] {
        try map(items) { element in Swift.Result { try transform(element) } }.map { try $0.get() }
    }

    static func map<Element: Sendable, Result: Sendable>(
        _ items: [Element], _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        if items.count < 2 { return items.map(transform) }   // no threads for one item
        let slots = Slots<Result>(count: items.count)
        defer { slots.free() }
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots.set(index, transform(items[index]))
        }
        return slots.values()
    }

    /// One slot per element, each written by exactly one iteration; read after all finished.
    private final class Slots<Value>: @unchecked Sendable {
        private let buffer: UnsafeMutableBufferPointer<Value?>

        init(count: Int) {
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: nil)
        }

        func set(_ index: Int, _ value: Value) { buffer[index] = value }

        func values() -> [Value] { buffer.map { $0! } }

        func free() {
            buffer.deinitialize()
            buffer.deallocate()
        }
    }
}
