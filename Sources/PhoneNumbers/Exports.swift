// Users of PhoneNumbers pass a NumberingPlan; they need not import the tables module themselves.
@_exported public import PhoneNumberMetadata
