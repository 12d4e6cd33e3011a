"""The bundled sample world for `newswatch demo` (see newswatch.demo.world)."""
