/// The values for a template's slots, built once and reused: the fast path for rendering.
///
/// Create one per template (or per schema), keep it outside the hot loop and overwrite the slots
/// for each message; assigning a `String` to a slot reuses the storage, so rendering with it adds
/// no allocation beyond the output. A slot that has no value makes rendering fail with
/// ``TemplateRenderError/missingValue(slot:name:)`` — never an empty string.
public struct TemplateValues: Sendable, Hashable {
    /// The name of each slot, in slot order.
    public let slotNames: [String]

    /// The value of each slot (`nil` = not set).
    package var storage: [String?]

    /// Empty values for the given slot names.
    public init(slotNames: [String]) {
        self.slotNames = slotNames
        // Copied from a `Repeated` collection, a path the compiler specializes here:
        // `Array(repeating:count:)` calls the standard library's unspecialized allocator, which
        // looks `[String?]`'s storage type up in the runtime's metadata cache on every call.
        self.storage = Array(repeatElement(nil, count: slotNames.count))
    }

    /// Empty values for `template`'s slots.
    public init(for template: CompiledTemplate) {
        self.init(slotNames: template.slotNames)
    }

    /// Empty values for `schema`'s slots (valid for every template compiled against it).
    public init(for schema: TemplateSchema) {
        self.init(slotNames: schema.names)
    }

    /// Values for `template` taken by name from `values`; names the template lacks are ignored.
    public init(for template: CompiledTemplate, _ values: [String: String]) {
        self.init(slotNames: template.slotNames)
        for (slot, name) in slotNames.enumerated() {
            storage[slot] = values[name]
        }
    }

    /// The value of `slot`. Reading a slot that does not exist gives `nil`; assigning to one has no
    /// effect (rendering then reports the slot the template needs as missing).
    public subscript(slot slot: Int) -> String? {
        get { slot >= 0 && slot < storage.count ? storage[slot] : nil }
        set {
            if slot >= 0 && slot < storage.count { storage[slot] = newValue }
        }
    }

    /// The value of the slot called `name`. Reading an unknown name gives `nil`; assigning to one
    /// has no effect.
    public subscript(name: String) -> String? {
        get { slotNames.firstIndex(of: name).flatMap { storage[$0] } }
        set {
            if let slot = slotNames.firstIndex(of: name) { storage[slot] = newValue }
        }
    }

    /// Clears every slot, keeping the storage.
    public mutating func removeAll() {
        for slot in storage.indices { storage[slot] = nil }
    }
}
