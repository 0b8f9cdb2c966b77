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
    // The hidden folded words follow a "¦" at the end of each article; an excerpt must not show them
    // ("dang da dac …"). The excerpt is cut at the "¦"; an excerpt left empty, or one made only of
    // the folded words (Vietnamese text always has marks), is replaced by the article's lead.
    processResult: function (result) {
      var excerpt = result.excerpt || "";
      var cut = excerpt.indexOf("¦");
      if (cut >= 0) { excerpt = excerpt.slice(0, cut).replace(/<mark>[^<]*$/, ""); }
      var plain = excerpt.replace(/<[^>]*>/g, "").trim();
      if ((plain.length < 30 || !/[^\x00-\x7F]/.test(plain)) && result.meta && result.meta.lead) {
        excerpt = result.meta.lead;
      }
      result.excerpt = excerpt;
      if (result.meta) { delete result.meta.lead; }  // used above, not a field to show
      return result;
    },
    translations: {
      placeholder: element.getAttribute("data-placeholder"),
      zero_results: element.getAttribute("data-zero-results")
    }
  });
});
