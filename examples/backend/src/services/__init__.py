from .registry import ServiceRegistry

__all__ = ["ServiceRegistry"]
