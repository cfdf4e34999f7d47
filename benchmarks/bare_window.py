"""The floor for start-up: Python plus Qt painting an empty QMainWindow."""

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class _Quit(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return False


app = QApplication([])
window = QMainWindow()
window.resize(1000, 680)
watcher = _Quit()
window.installEventFilter(watcher)
window.show()
app.exec()
print('{"window": "shown"}')
