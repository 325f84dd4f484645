// The 打印 button of the print pages (a file, not an inline handler: the CSP allows no inline script).
document.addEventListener('click', function (e) {
  if (e.target && e.target.closest && e.target.closest('[data-print]')) {
    window.print();
  }
});
