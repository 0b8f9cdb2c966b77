// Search page: Pagefind's UI over the index built by `archivegen build`.
// Pagefind folds tone and vowel marks but not "đ" (U+0111 has no decomposition); article pages carry
// their "đ" words written with "d", and queries are folded the same way, so "dang bo" finds "Đảng bộ".
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") { return; }
  new PagefindUI({
    element: "#search",
    bundlePath: element.getAttribute("data-bundle-path"),
    showSubResults: true,
    showImages: false,
    processTerm: function (term) { return term.replace(/đ/g, "d").replace(/Đ/g, "D"); },
    translations: {
      placeholder: element.getAttribute("data-placeholder"),
      zero_results: element.getAttribute("data-zero-results")
    }
  });
});
