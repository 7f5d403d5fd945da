"""The SSP Platform."""
