class _Session:
    def commit(self) -> None:
        pass


class _Database:
    session = _Session()

    def touch(self) -> None:
        pass


db = _Database()
