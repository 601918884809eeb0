//! Shape of the document against the exported schema (see `schema_walk`).

pub mod ambiguous_yaml_scalar;
pub mod invalid_enum_value;
pub mod missing_field;
pub mod unknown_field;
pub mod wrong_type;
pub mod yaml_1_1_boolean;
pub mod yaml_1_1_number;
pub mod yaml_1_1_octal;

/// The rules of this group (their findings come from the structure pass).
use crate::{Registered, Run};

/// The rules of this group.
pub const RULES: &[Registered] = &[
    Registered::by(&unknown_field::UNKNOWN_FIELD, Run::Structure),
    Registered::by(&missing_field::MISSING_FIELD, Run::Structure),
    Registered::by(&wrong_type::WRONG_TYPE, Run::Structure),
    Registered::by(&invalid_enum_value::INVALID_ENUM_VALUE, Run::Structure),
    Registered::by(&yaml_1_1_boolean::YAML_1_1_BOOLEAN, Run::Structure),
    Registered::by(&yaml_1_1_number::YAML_1_1_NUMBER, Run::Structure),
    Registered::by(&yaml_1_1_octal::YAML_1_1_OCTAL, Run::Structure),
    Registered::by(
        &ambiguous_yaml_scalar::AMBIGUOUS_YAML_SCALAR,
        Run::Structure,
    ),
];
